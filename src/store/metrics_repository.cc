#include "store/metrics_repository.h"

#include "core/status_macros.h"

namespace icopilot::store {
namespace {

std::optional<std::int64_t> FirstValue(const std::vector<Row>& rows) {
  if (rows.empty()) return std::nullopt;
  return rows[0].OptionalInt(0);
}

}  // namespace

absl::StatusOr<std::optional<std::int64_t>> MetricsRepository::FirstCall(
    std::string_view project_id, std::string_view partner_org_id, bool successful) {
  // The partner index (project, partner, created_at) answers both without a scan.
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query(successful ? "SELECT MIN(created_at) FROM traces WHERE project_id = ? "
                                          "AND partner_org_id = ? AND status BETWEEN 200 AND 299"
                                        : "SELECT MIN(created_at) FROM traces WHERE project_id = ? "
                                          "AND partner_org_id = ?",
                             {std::string(project_id), std::string(partner_org_id)}));
  return FirstValue(rows);
}

absl::StatusOr<std::optional<std::int64_t>> MetricsRepository::FirstCertificate(
    std::string_view project_id, std::string_view partner_org_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT MIN(issued_at) FROM certificates WHERE "
                                        "project_id = ? AND partner_org_id = ?",
                                        {std::string(project_id), std::string(partner_org_id)}));
  return FirstValue(rows);
}

absl::StatusOr<std::vector<std::pair<std::int64_t, bool>>> MetricsRepository::FinishedRuns(
    std::string_view project_id, std::string_view partner_org_id, int limit) {
  ASSIGN_OR_RETURN(
      auto rows,
      db_.Query("SELECT finished_at, passed FROM runs WHERE project_id = ? AND "
                "requester_org_id = ? AND status = 'finished' "
                "ORDER BY finished_at DESC LIMIT ?",
                {std::string(project_id), std::string(partner_org_id), std::int64_t{limit}}));
  std::vector<std::pair<std::int64_t, bool>> runs;
  for (const Row& row : rows) runs.emplace_back(row.Int(0), row.Int(1) != 0);
  return runs;
}

absl::StatusOr<std::pair<std::int64_t, std::int64_t>> MetricsRepository::OpenItems(
    std::string_view project_id, std::string_view partner_org_id, std::int64_t now) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at IS NOT NULL AND "
                             "due_at < ? THEN 1 ELSE 0 END), 0) FROM plan_items WHERE "
                             "project_id = ? AND partner_org_id = ? AND status = 'open'",
                             {now, std::string(project_id), std::string(partner_org_id)}));
  if (rows.empty()) return std::pair<std::int64_t, std::int64_t>{0, 0};
  return std::pair<std::int64_t, std::int64_t>{rows[0].Int(0), rows[0].Int(1)};
}

}  // namespace icopilot::store
