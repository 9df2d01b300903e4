// The data folder of `serve` and `admin`: the database and the key that seals secrets.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/crypto.h"
#include "store/database.h"

namespace icopilot::cli {

struct DataFolder {
  std::filesystem::path path;
  std::unique_ptr<store::Database> db;
  std::string database;  // the file, or the PostgreSQL URL without its password
  std::unique_ptr<SecretBox> box;
};

// Creates the folder (mode 0700) and key file (0600) when missing, opens the database
// named by `database_url` ("" for DIR/icopilot.db, "sqlite:PATH" or "postgres://...") and
// migrates it. InvalidArgument for anything else. The key file stays in the folder: every
// instance sharing a PostgreSQL database needs the same one (docs/deploy.md).
absl::StatusOr<DataFolder> OpenDataFolder(const std::filesystem::path& dir, const std::string& database_url,
                                          store::QueryObserver observer = nullptr);

}  // namespace icopilot::cli
