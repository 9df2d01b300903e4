// Keyset pagination shared by the list queries: newest first, stable under inserts.
#pragma once

#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// Appends " AND (created_at, id) < (...) ORDER BY ... LIMIT n+1" for `table_alias`
// (may be empty) and its parameters.
void AppendPageClause(const PageRequest& page, std::string_view table_alias, std::string& sql,
                      std::vector<SqlValue>& params);

// Reads up to page.limit rows with `read`, noting whether one more was there.
template <typename T, typename Read>
Page<T> ToPage(const std::vector<Row>& rows, const PageRequest& page, Read read) {
  Page<T> result;
  for (const Row& row : rows) {
    if (static_cast<int>(result.items.size()) == page.limit) {
      result.has_more = true;
      break;
    }
    result.items.push_back(read(row));
  }
  return result;
}

}  // namespace icopilot::store
