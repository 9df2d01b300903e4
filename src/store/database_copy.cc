#include "store/database_copy.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <set>

#include "core/crypto.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::store {
namespace {

struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> parents;  // tables its foreign keys name
};

// Rows per statement: many rows to a round trip, well under PostgreSQL's 65,535 parameters.
std::size_t BatchRows(std::size_t columns) { return std::max<std::size_t>(1, 20000 / columns); }

std::string ColumnList(const Table& table) {
  std::string list;
  for (const auto& column : table.columns) list += list.empty() ? column : ", " + column;
  return list;
}

// A row's values from `first` on, each length-prefixed (NULL apart from ""), hashed. Text and
// numbers hash alike ("5"), which is how both engines hand them back.
std::uint64_t RowHash(const Row& row, std::size_t first, std::size_t count) {
  std::string canonical;
  for (std::size_t c = first; c < first + count; ++c) {
    if (row.IsNull(c)) {
      canonical += "N;";
      continue;
    }
    const std::string text = row.Text(c);
    canonical += StrCat("V", text.size(), ":", text, ";");
  }
  return std::strtoull(Sha256Hex(canonical).substr(0, 16).c_str(), nullptr, 16);
}

// The source's tables, parents before children. The assistant's full-text table is copied by
// its columns; SQLite's own tables and the full-text index's shadow tables are not data.
absl::StatusOr<std::vector<Table>> SourceTables(SqlExecutor& source) {
  ASSIGN_OR_RETURN(auto rows, source.Query("SELECT name, sql FROM sqlite_master WHERE type = "
                                           "'table' AND name NOT LIKE 'sqlite_%' AND name <> "
                                           "'schema_migrations' ORDER BY name",
                                           {}));
  std::vector<std::string> virtual_tables;
  for (const Row& row : rows) {
    if (row.Text(1).starts_with("CREATE VIRTUAL TABLE")) virtual_tables.push_back(row.Text(0));
  }
  std::vector<Table> tables;
  for (const Row& row : rows) {
    const std::string name = row.Text(0);
    if (std::any_of(virtual_tables.begin(), virtual_tables.end(),
                    [&](const std::string& v) { return name.starts_with(v + "_"); })) {
      continue;
    }
    Table table{name, {}, {}};
    ASSIGN_OR_RETURN(auto columns,
                     source.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {name}));
    for (const Row& column : columns) table.columns.push_back(column.Text(0));
    ASSIGN_OR_RETURN(
        auto parents,
        source.Query("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", {name}));
    for (const Row& parent : parents) {
      if (parent.Text(0) != name) table.parents.push_back(parent.Text(0));
    }
    tables.push_back(std::move(table));
  }
  std::vector<Table> ordered;
  std::set<std::string> placed;
  while (!tables.empty()) {
    auto ready = std::find_if(tables.begin(), tables.end(), [&](const Table& table) {
      return std::all_of(table.parents.begin(), table.parents.end(),
                         [&](const std::string& parent) { return placed.contains(parent); });
    });
    if (ready == tables.end()) {
      return absl::FailedPreconditionError(
          StrCat("foreign keys form a cycle through ", tables.front().name));
    }
    placed.insert(ready->name);
    ordered.push_back(std::move(*ready));
    tables.erase(ready);
  }
  return ordered;
}

absl::Status CopyTable(SqlExecutor& source, SqlExecutor& target, TableCopy& copy,
                       const Table& table) {
  const std::size_t width = table.columns.size();
  const std::size_t batch = BatchRows(width);
  std::string placeholders = "(?";
  for (std::size_t c = 1; c < width; ++c) placeholders += ", ?";
  placeholders += ")";
  const std::string select = StrCat("SELECT rowid, ", ColumnList(table), " FROM ", table.name,
                                    " WHERE rowid > ? ORDER BY rowid LIMIT ?");
  std::int64_t last = std::numeric_limits<std::int64_t>::min();
  while (true) {
    ASSIGN_OR_RETURN(auto rows, source.Query(select, {last, static_cast<std::int64_t>(batch)}));
    if (rows.empty()) return absl::OkStatus();
    std::string insert = StrCat("INSERT INTO ", table.name, " (", ColumnList(table), ") VALUES ");
    std::vector<SqlValue> params;
    params.reserve(rows.size() * width);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      insert += r == 0 ? placeholders : ", " + placeholders;
      // Text for every value: PostgreSQL reads it as the column's type.
      for (std::size_t c = 1; c <= width; ++c) {
        if (rows[r].IsNull(c))
          params.emplace_back(nullptr);
        else
          params.emplace_back(rows[r].Text(c));
      }
      copy.source_checksum += RowHash(rows[r], 1, width);
      ++copy.source_rows;
    }
    auto inserted = target.Execute(insert, params);
    if (!inserted.ok()) {
      return absl::Status(inserted.status().code(),
                          StrCat("copying ", table.name, ": ", inserted.status().message()));
    }
    last = rows.back().Int(0);
  }
}

// Reads the table back from PostgreSQL through a cursor, a thousand rows at a time.
absl::Status VerifyTable(SqlExecutor& target, TableCopy& copy, const Table& table) {
  copy.target_rows = 0;
  copy.target_checksum = 0;
  RETURN_IF_ERROR(target
                      .Execute(StrCat("DECLARE icopilot_verify NO SCROLL CURSOR FOR SELECT ",
                                      ColumnList(table), " FROM ", table.name),
                               {})
                      .status());
  while (true) {
    ASSIGN_OR_RETURN(auto rows, target.Query("FETCH FORWARD 1000 FROM icopilot_verify", {}));
    if (rows.empty()) break;
    for (const Row& row : rows) {
      copy.target_checksum += RowHash(row, 0, table.columns.size());
      ++copy.target_rows;
    }
  }
  return target.Execute("CLOSE icopilot_verify", {}).status();
}

}  // namespace

absl::StatusOr<std::vector<TableCopy>> CopyDatabase(Database& source, Database& target,
                                                    const CopyProgress& progress) {
  if (source.dialect() != Dialect::kSqlite || target.dialect() != Dialect::kPostgres) {
    return absl::InvalidArgumentError("the copy goes from a SQLite data folder to PostgreSQL");
  }
  RETURN_IF_ERROR(source.CheckReady());
  RETURN_IF_ERROR(target.CheckReady());
  ASSIGN_OR_RETURN(std::vector<Table> tables, SourceTables(source));
  for (const Table& table : tables) {
    ASSIGN_OR_RETURN(auto rows, target.Query(StrCat("SELECT COUNT(*) FROM ", table.name), {}));
    if (rows[0].Int(0) != 0) {
      return absl::FailedPreconditionError(StrCat("the target already holds ", rows[0].Int(0),
                                                  " rows in ", table.name,
                                                  "; copy into a new, empty database"));
    }
  }
  std::vector<TableCopy> report;
  // The source is read in one transaction (SQLite's write lock), so a server still writing
  // to it waits rather than changing it half-way through.
  RETURN_IF_ERROR(source.InTransaction([&](SqlExecutor& from) {
    return target.InTransaction([&](SqlExecutor& tx) -> absl::Status {
      report.assign(tables.size(), TableCopy{});
      for (std::size_t i = 0; i < tables.size(); ++i) {
        report[i].table = tables[i].name;
        RETURN_IF_ERROR(CopyTable(from, tx, report[i], tables[i]));
        if (progress) progress(report[i], false);
      }
      return absl::OkStatus();
    });
  }));
  RETURN_IF_ERROR(target.InTransaction([&](SqlExecutor& tx) -> absl::Status {
    for (std::size_t i = 0; i < tables.size(); ++i) {
      RETURN_IF_ERROR(VerifyTable(tx, report[i], tables[i]));
    }
    return absl::OkStatus();
  }));
  if (progress) {
    for (const TableCopy& copy : report) progress(copy, true);
  }
  return report;
}

}  // namespace icopilot::store
