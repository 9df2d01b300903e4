// The database a test runs on: SQLite by default; PostgreSQL in the "postgres." variant of
// the store-touching suites (ctest sets ICOPILOT_TEST_ENGINE=postgres and its fixture starts
// a throwaway server, scripts/postgres-throwaway). Each database a test opens, and each data
// folder a test's server uses, gets its own schema there, so tests never see each other.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::testing {

bool OnPostgres();

// A fresh, migrated database kept under `dir` (SQLite) or in a schema named after it.
absl::StatusOr<std::unique_ptr<store::Database>> OpenTestDatabase(const std::filesystem::path& dir);

// What `--database` a command on `data_dir` should be given: "" on SQLite (the folder's own
// file), else the URL of the schema kept for that folder (password included: tests pass it
// in the environment, ICOPILOT_DATABASE).
std::string DatabaseUrlFor(const std::filesystem::path& data_dir);

// The database a server on `data_dir` used, opened beside it.
absl::StatusOr<std::unique_ptr<store::Database>> OpenDataFolderDatabase(
    const std::filesystem::path& data_dir);

}  // namespace icopilot::testing
