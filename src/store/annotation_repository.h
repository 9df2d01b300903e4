#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// A project's annotations. The vendor org that owns the project writes them; it and the
// partners invited to the project read them. Another org's rows are NotFound.
class AnnotationRepository {
 public:
  explicit AnnotationRepository(SqlExecutor& db) : db_(db) {}

  absl::StatusOr<AnnotationRecord> Create(const Scope& scope, AnnotationRecord record);
  // Newest first; only those on `operation_id` when it is not empty.
  absl::StatusOr<Page<AnnotationRecord>> List(const Scope& scope, std::string_view project_id,
                                              std::string_view operation_id,
                                              const PageRequest& page);
  // Every annotation on the operation, oldest first, at most `limit`: the ones a request
  // to it is matched against.
  absl::StatusOr<std::vector<AnnotationRecord>> ListForOperation(const Scope& scope,
                                                                 std::string_view project_id,
                                                                 std::string_view operation_id,
                                                                 int limit);
  absl::StatusOr<std::int64_t> CountForProject(const Scope& scope, std::string_view project_id);
  absl::StatusOr<AnnotationRecord> Get(const Scope& scope, std::string_view project_id,
                                       std::string_view id);
  // Replaces what a vendor edits (target, kind, message, link, condition).
  absl::StatusOr<AnnotationRecord> Update(const Scope& scope, const AnnotationRecord& record);
  absl::Status Delete(const Scope& scope, std::string_view project_id, std::string_view id);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
