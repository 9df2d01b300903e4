// The events partner metrics are computed from (docs/metrics.md): a partner's first call,
// first successful call and first certificate, its finished runs, its open and overdue
// plan items. The caller has checked the viewer may read the partner's board.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::store {

class MetricsRepository {
 public:
  explicit MetricsRepository(SqlExecutor& db) : db_(db) {}

  // The first traced call of the partner, and the first one answered 2xx.
  absl::StatusOr<std::optional<std::int64_t>> FirstCall(std::string_view project_id,
                                                        std::string_view partner_org_id,
                                                        bool successful);
  absl::StatusOr<std::optional<std::int64_t>> FirstCertificate(std::string_view project_id,
                                                               std::string_view partner_org_id);
  // (finished_at, passed) of the partner's newest finished runs, at most `limit`.
  absl::StatusOr<std::vector<std::pair<std::int64_t, bool>>> FinishedRuns(
      std::string_view project_id, std::string_view partner_org_id, int limit);
  // (open, overdue at `now`) items of the partner's board.
  absl::StatusOr<std::pair<std::int64_t, std::int64_t>> OpenItems(std::string_view project_id,
                                                                  std::string_view partner_org_id,
                                                                  std::int64_t now);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
