#include "support/test_database.h"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <functional>

#include "core/strings.h"
#include "store/database_url.h"
#include "support/temp_dir.h"

namespace icopilot::testing {
namespace {

// The server's URL, written by `scripts/postgres-throwaway start`.
std::string ServerUrl() {
  static const std::string url = [] {
    std::string text = ReadFile(ICOPILOT_POSTGRES_URL_FILE);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (text.empty()) {
      std::fprintf(stderr,
                   "no PostgreSQL test server: %s is missing (ctest starts one with the "
                   "postgres_start fixture; make deps installs PostgreSQL)\n",
                   ICOPILOT_POSTGRES_URL_FILE);
      std::abort();
    }
    return text;
  }();
  return url;
}

std::string SchemaFor(const std::filesystem::path& dir) {
  char name[32];
  std::snprintf(name, sizeof name, "t_%016zx", std::hash<std::string>{}(std::filesystem::absolute(dir).lexically_normal().string()));
  return name;
}

// Creates the schema when missing and returns a URL whose connections use it.
std::string SchemaUrl(const std::filesystem::path& dir) {
  const std::string schema = SchemaFor(dir);
  PGconn* conn = PQconnectdb(ServerUrl().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::fprintf(stderr, "PostgreSQL test server: %s\n", PQerrorMessage(conn));
    std::abort();
  }
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  PGresult* result = PQexec(conn, StrCat("CREATE SCHEMA IF NOT EXISTS ", schema).c_str());
  PQclear(result);
  PQfinish(conn);
  const std::string& base = ServerUrl();
  return StrCat(base, base.find('?') == std::string::npos ? "?" : "&",
                "options=-csearch_path%3D", schema);
}

}  // namespace

bool OnPostgres() {
  const char* engine = std::getenv("ICOPILOT_TEST_ENGINE");
  return engine != nullptr && std::string_view(engine) == "postgres";
}

absl::StatusOr<std::unique_ptr<store::Database>> OpenTestDatabase(
    const std::filesystem::path& dir) {
  auto url = store::ParseDatabaseUrl(DatabaseUrlFor(dir), dir / "test.db");
  if (!url.ok()) return url.status();
  return store::OpenDatabase(*url);
}

std::string DatabaseUrlFor(const std::filesystem::path& data_dir) {
  return OnPostgres() ? SchemaUrl(data_dir) : std::string();
}

absl::StatusOr<std::unique_ptr<store::Database>> OpenDataFolderDatabase(
    const std::filesystem::path& data_dir) {
  auto url = store::ParseDatabaseUrl(DatabaseUrlFor(data_dir), data_dir / "icopilot.db");
  if (!url.ok()) return url.status();
  return store::OpenDatabase(*url);
}

}  // namespace icopilot::testing
