#include "store/paging.h"

#include "core/strings.h"

namespace icopilot::store {

void AppendPageClause(const PageRequest& page, std::string_view table_alias, std::string& sql,
                      std::vector<SqlValue>& params) {
  std::string prefix = table_alias.empty() ? std::string() : StrCat(table_alias, ".");
  if (page.after_created_at) {
    sql += StrCat(" AND (", prefix, "created_at < ? OR (", prefix, "created_at = ? AND ", prefix,
                  "id < ?))");
    params.emplace_back(*page.after_created_at);
    params.emplace_back(*page.after_created_at);
    params.emplace_back(page.after_id);
  }
  sql += StrCat(" ORDER BY ", prefix, "created_at DESC, ", prefix, "id DESC LIMIT ?");
  params.emplace_back(static_cast<std::int64_t>(page.limit + 1));
}

}  // namespace icopilot::store
