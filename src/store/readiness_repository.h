// The facts a partner's readiness report reads besides runs and plan items: its traffic
// per operation, and the vendor's notes with whether the partner acknowledged each. The
// caller has checked the viewer may read the partner's board (PlanRepository::RequireBoard).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::store {

class ReadinessRepository {
 public:
  explicit ReadinessRepository(SqlExecutor& db) : db_(db) {}

  struct OperationTraffic {
    std::string environment_id;
    std::string operation_id;  // "" for calls no operation matched
    std::int64_t calls = 0;
    std::int64_t client_errors = 0;  // 4xx
    std::int64_t server_errors = 0;  // 5xx
    std::int64_t with_violations = 0;
    std::int64_t last_at = 0;
  };
  // The partner's calls since `since`, per environment and operation, the busiest first;
  // at most `limit` lines.
  absl::StatusOr<std::vector<OperationTraffic>> TrafficByOperation(std::string_view project_id,
                                                                   std::string_view partner_org_id,
                                                                   std::int64_t since, int limit);

  struct Note {
    std::string id;
    std::string kind;
    std::string operation_id;
    std::string message;
    bool acknowledged = false;
  };
  // The project's notes, oldest first.
  absl::StatusOr<std::vector<Note>> Notes(std::string_view project_id,
                                          std::string_view partner_org_id);

  // Names of the project's environments by id ("mock" for the hosted mock).
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Environments(
      std::string_view project_id);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
