#include "cli/data_folder.h"

#include <system_error>

#include "core/status_macros.h"
#include "core/strings.h"
#include "store/database_url.h"

namespace icopilot::cli {

absl::StatusOr<DataFolder> OpenDataFolder(const std::filesystem::path& dir,
                                          const std::string& database_url,
                                          store::QueryObserver observer) {
  auto url = store::ParseDatabaseUrl(database_url, dir / "icopilot.db");
  if (!url.ok()) return absl::InvalidArgumentError(StrCat("--database: ", url.status().message()));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return absl::FailedPreconditionError(
        StrCat("cannot create data folder ", dir.string(), ": ", ec.message()));
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  DataFolder folder;
  folder.path = dir;
  ASSIGN_OR_RETURN(SecretBox box, SecretBox::LoadOrCreate(dir / "secret.key"));
  folder.box = std::make_unique<SecretBox>(box);
  const std::string name = url->engine == store::Dialect::kPostgres
                               ? store::RedactDatabaseUrl(url->postgres)
                               : url->sqlite_path.string();
  auto db = store::OpenDatabase(*url, std::move(observer));
  if (!db.ok())
    return absl::Status(db.status().code(), StrCat("database ", name, ": ", db.status().message()));
  folder.db = std::move(*db);
  folder.database = name;
  return folder;
}

}  // namespace icopilot::cli
