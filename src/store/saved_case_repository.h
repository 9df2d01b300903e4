#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// A project's saved cases. A partner sees and deletes its own, and sees the project's
// cases for every partner; the vendor that owns the project sees them all, deletes any
// and promotes a partner's case to every partner. Another org's rows are NotFound.
class SavedCaseRepository {
 public:
  explicit SavedCaseRepository(SqlExecutor& db) : db_(db) {}

  // A partner's case is its own; a vendor's is for every partner.
  absl::StatusOr<SavedCaseRecord> Create(const Scope& scope, SavedCaseRecord record);
  // Newest first; only those on `operation_id` when it is not empty.
  absl::StatusOr<Page<SavedCaseRecord>> List(const Scope& scope, std::string_view project_id,
                                             std::string_view operation_id,
                                             const PageRequest& page);
  // The cases a partner has saved, for the count a partner may keep.
  absl::StatusOr<std::int64_t> CountOwn(const Scope& scope, std::string_view project_id);
  absl::StatusOr<SavedCaseRecord> Get(const Scope& scope, std::string_view project_id,
                                      std::string_view id);
  absl::Status Delete(const Scope& scope, std::string_view project_id, std::string_view id);
  // The vendor makes a partner's case every partner's; the partner no longer owns it.
  absl::StatusOr<SavedCaseRecord> Promote(const Scope& scope, std::string_view project_id,
                                          std::string_view id);

  // For the run worker, which acts for the run's requester: the project's cases for
  // every partner and, when `partner_org_id` is not empty, that partner's own; oldest
  // first, at most `limit`.
  absl::StatusOr<std::vector<SavedCaseRecord>> ListForRun(std::string_view project_id,
                                                          std::string_view partner_org_id,
                                                          int limit);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
