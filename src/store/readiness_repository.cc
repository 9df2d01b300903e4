#include "store/readiness_repository.h"

#include "core/status_macros.h"

namespace icopilot::store {

absl::StatusOr<std::vector<ReadinessRepository::OperationTraffic>>
ReadinessRepository::TrafficByOperation(std::string_view project_id,
                                        std::string_view partner_org_id, std::int64_t since,
                                        int limit) {
  ASSIGN_OR_RETURN(
      auto rows,
      db_.Query(
          "SELECT environment_id, operation_id, COUNT(*), "
          "SUM(CASE WHEN status BETWEEN 400 AND 499 THEN 1 ELSE 0 END), "
          "SUM(CASE WHEN status >= 500 OR status = 0 THEN 1 ELSE 0 END), "
          "SUM(CASE WHEN violation_count > 0 THEN 1 ELSE 0 END), MAX(created_at) "
          "FROM traces WHERE project_id = ? AND partner_org_id = ? AND created_at >= ? "
          "GROUP BY environment_id, operation_id "
          "ORDER BY COUNT(*) DESC, environment_id, operation_id LIMIT ?",
          {std::string(project_id), std::string(partner_org_id), since, std::int64_t{limit}}));
  std::vector<OperationTraffic> traffic;
  for (const Row& row : rows) {
    traffic.push_back(
        {row.Text(0), row.Text(1), row.Int(2), row.Int(3), row.Int(4), row.Int(5), row.Int(6)});
  }
  return traffic;
}

absl::StatusOr<std::vector<ReadinessRepository::Note>> ReadinessRepository::Notes(
    std::string_view project_id, std::string_view partner_org_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT a.id, a.kind, a.operation_id, a.message, "
                                        "k.annotation_id IS NOT NULL FROM annotations a "
                                        "LEFT JOIN annotation_acks k ON k.annotation_id = a.id AND "
                                        "k.project_id = a.project_id AND k.partner_org_id = ? "
                                        "WHERE a.project_id = ? ORDER BY a.created_at, a.id",
                                        {std::string(partner_org_id), std::string(project_id)}));
  std::vector<Note> notes;
  for (const Row& row : rows)
    notes.push_back({row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4) != 0});
  return notes;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadinessRepository::Environments(
    std::string_view project_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id, name FROM environments WHERE project_id = ? "
                                        "ORDER BY created_at, id",
                                        {std::string(project_id)}));
  std::vector<std::pair<std::string, std::string>> environments{{"mock", "Mock"}};
  for (const Row& row : rows) environments.emplace_back(row.Text(0), row.Text(1));
  return environments;
}

}  // namespace icopilot::store
