// Which projects a scope may see, as SQL the repositories append: the vendor org sees
// its own projects, a partner org the projects it was invited to. Another org's rows are
// NotFound, never Forbidden.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "store/database.h"
#include "store/scope.h"

namespace icopilot::store {

// The visibility clause for `scope` on the project column `column`, parameters appended.
std::string VisibleProjects(const Scope& scope, std::string_view column,
                            std::vector<SqlValue>& params);
// NotFound unless the project belongs to the scope's (vendor) org.
absl::Status RequireOwnedProject(SqlExecutor& db, const Scope& scope, std::string_view project_id);
// NotFound when `scope` cannot see the project, so listing another org's project's
// children does not answer with an empty list.
absl::Status RequireVisibleProject(SqlExecutor& db, const Scope& scope,
                                   std::string_view project_id);

}  // namespace icopilot::store
