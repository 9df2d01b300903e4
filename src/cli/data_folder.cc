#include "cli/data_folder.h"

#include <system_error>

#include "core/status_macros.h"
#include "core/strings.h"
#include "store/sqlite_database.h"

namespace icopilot::cli {
namespace {

absl::StatusOr<std::filesystem::path> SqlitePath(const std::filesystem::path& dir, const std::string& url) {
  if (url.empty()) return dir / "icopilot.db";
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
    if (path.empty()) return absl::InvalidArgumentError("--database sqlite: needs a file path (sqlite:./var/icopilot.db)");
    return std::filesystem::path(path);
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return absl::InvalidArgumentError(
        "--database: PostgreSQL is not supported by this version yet; use the embedded default or sqlite:PATH");
  }
  return absl::InvalidArgumentError(StrCat("--database: '", url, "' is not a database URL; use sqlite:PATH"));
}

}  // namespace

absl::StatusOr<DataFolder> OpenDataFolder(const std::filesystem::path& dir, const std::string& database_url,
                                          store::QueryObserver observer) {
  ASSIGN_OR_RETURN(std::filesystem::path db_path, SqlitePath(dir, database_url));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::FailedPreconditionError(StrCat("cannot create data folder ", dir.string(), ": ", ec.message()));
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
  DataFolder folder;
  folder.path = dir;
  ASSIGN_OR_RETURN(SecretBox box, SecretBox::LoadOrCreate(dir / "secret.key"));
  folder.box = std::make_unique<SecretBox>(box);
  store::SqliteOptions options;
  options.path = db_path;
  options.observer = std::move(observer);
  auto db = store::OpenSqlite(options);
  if (!db.ok()) return absl::Status(db.status().code(), StrCat("database ", db_path.string(), ": ", db.status().message()));
  folder.db = std::move(*db);
  return folder;
}

}  // namespace icopilot::cli
