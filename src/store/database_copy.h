// Moving a single-machine install (SQLite) into PostgreSQL: every table's rows copied in one
// target transaction, then read back and compared, table by table, by count and checksum.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::store {

struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0;
  std::int64_t target_rows = 0;
  // Order-independent: the sum of each row's SHA-256 (first 64 bits) over its typed values.
  std::uint64_t source_checksum = 0;
  std::uint64_t target_checksum = 0;
  bool matches() const {
    return source_rows == target_rows && source_checksum == target_checksum;
  }
};

// Called after each table is copied, and after each is verified.
using CopyProgress = std::function<void(const TableCopy&, bool verified)>;

// Copies every table of `source` (SQLite, migrated to this binary's version) into `target`
// (PostgreSQL, migrated, holding no rows yet: FailedPrecondition otherwise), parents before
// children, then verifies. The report holds every table, matching or not.
absl::StatusOr<std::vector<TableCopy>> CopyDatabase(Database& source, Database& target,
                                                    const CopyProgress& progress = nullptr);

}  // namespace icopilot::store
