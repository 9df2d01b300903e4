#include "store/plan_repository.h"

#include "absl/strings/numbers.h"
#include "core/ids.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "store/visibility.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kItemColumns =
    "id, org_id, project_id, partner_org_id, phase, phase_name, position, item_key, title, "
    "description, owner_side, assignee, due_at, rule, status, decided_by, evidence, links, "
    "completed_at, created_at, updated_at";

PlanItemRecord ReadItem(const Row& row) {
  PlanItemRecord item;
  item.id = row.Text(0);
  item.org_id = row.Text(1);
  item.project_id = row.Text(2);
  item.partner_org_id = row.Text(3);
  item.phase = row.Int(4);
  item.phase_name = row.Text(5);
  item.position = row.Int(6);
  item.item_key = row.Text(7);
  item.title = row.Text(8);
  item.description = row.Text(9);
  item.owner_side = row.Text(10);
  item.assignee = row.Text(11);
  item.due_at = row.OptionalInt(12);
  item.rule = row.Text(13);
  item.status = row.Text(14);
  item.decided_by = row.Text(15);
  item.evidence = row.Text(16);
  item.links = row.Text(17);
  item.completed_at = row.OptionalInt(18);
  item.created_at = row.Int(19);
  item.updated_at = row.Int(20);
  return item;
}

SqlValue OptionalValue(const std::optional<std::int64_t>& value) {
  return value ? SqlValue(*value) : SqlValue(nullptr);
}

PlanRepository::TraceFact ReadTraceFact(const Row& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Int(3), row.Int(4), row.Int(5)};
}

constexpr std::string_view kTraceFactColumns =
    "id, operation_id, method, status, violation_count, created_at";

}  // namespace

absl::StatusOr<std::optional<std::string>> PlanRepository::GetTemplate(
    const Scope& scope, std::string_view project_id) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  return TemplateOf(project_id);
}

absl::StatusOr<std::optional<std::string>> PlanRepository::TemplateOf(std::string_view project_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT template FROM plan_templates WHERE project_id = ?",
                                        {std::string(project_id)}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

absl::Status PlanRepository::SetTemplate(const Scope& scope, std::string_view project_id,
                                         const std::string& text, std::int64_t now) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(auto changed, db_.Execute("UPDATE plan_templates SET template = ?, "
                                             "updated_by = ?, updated_at = ? WHERE project_id = ?",
                                             {text, scope.user_id, now, std::string(project_id)}));
  if (changed > 0) return absl::OkStatus();
  return db_
      .Execute(
          "INSERT INTO plan_templates (project_id, template, updated_by, updated_at) "
          "VALUES (?, ?, ?, ?)",
          {std::string(project_id), text, scope.user_id, now})
      .status();
}

absl::StatusOr<std::optional<PlanRepository::Membership>> PlanRepository::FindMembership(
    std::string_view project_id, std::string_view partner_org_id) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT p.org_id, o.name, pp.created_at FROM project_partners pp "
                             "JOIN projects p ON p.id = pp.project_id "
                             "JOIN orgs o ON o.id = pp.partner_org_id "
                             "WHERE pp.project_id = ? AND pp.partner_org_id = ?",
                             {std::string(project_id), std::string(partner_org_id)}));
  if (rows.empty()) return std::optional<Membership>();
  return std::optional<Membership>(Membership{rows[0].Text(0), rows[0].Text(1), rows[0].Int(2)});
}

absl::StatusOr<PlanRepository::Membership> PlanRepository::RequireBoard(
    const Scope& scope, std::string_view project_id, std::string_view partner_org_id) {
  if (scope.is_partner() && partner_org_id != scope.org_id)
    return absl::NotFoundError("plan board not found");
  ASSIGN_OR_RETURN(auto membership, FindMembership(project_id, partner_org_id));
  if (!membership || (!scope.is_partner() && membership->project_org_id != scope.org_id))
    return absl::NotFoundError("plan board not found");
  return *membership;
}

absl::StatusOr<std::vector<PlanRepository::Member>> PlanRepository::ListMembers(
    const Scope& scope, std::string_view project_id) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT pp.partner_org_id, o.name, pp.created_at "
                                        "FROM project_partners pp JOIN orgs o ON "
                                        "o.id = pp.partner_org_id WHERE pp.project_id = ? "
                                        "ORDER BY pp.created_at, pp.partner_org_id",
                                        {std::string(project_id)}));
  std::vector<Member> members;
  for (const Row& row : rows) members.push_back({row.Text(0), row.Text(1), row.Int(2)});
  return members;
}

absl::StatusOr<std::vector<PlanItemRecord>> PlanRepository::ListItems(
    std::string_view project_id, std::string_view partner_org_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kItemColumns,
                                               " FROM plan_items WHERE project_id = ? AND "
                                               "partner_org_id = ? ORDER BY phase, position, id"),
                                        {std::string(project_id), std::string(partner_org_id)}));
  std::vector<PlanItemRecord> items;
  items.reserve(rows.size());
  for (const Row& row : rows) items.push_back(ReadItem(row));
  return items;
}

absl::StatusOr<std::vector<PlanItemRecord>> PlanRepository::ListProjectItems(
    std::string_view project_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kItemColumns,
                                               " FROM plan_items WHERE project_id = ? "
                                               "ORDER BY partner_org_id, phase, position, id"),
                                        {std::string(project_id)}));
  std::vector<PlanItemRecord> items;
  items.reserve(rows.size());
  for (const Row& row : rows) items.push_back(ReadItem(row));
  return items;
}

absl::Status PlanRepository::InsertItems(const std::vector<PlanItemRecord>& items) {
  for (const PlanItemRecord& item : items) {
    RETURN_IF_ERROR(
        db_.Execute(StrCat("INSERT INTO plan_items (", kItemColumns,
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                           "?)"),
                    {item.id,
                     item.org_id,
                     item.project_id,
                     item.partner_org_id,
                     item.phase,
                     item.phase_name,
                     item.position,
                     item.item_key,
                     item.title,
                     item.description,
                     item.owner_side,
                     item.assignee,
                     OptionalValue(item.due_at),
                     item.rule,
                     item.status,
                     item.decided_by,
                     item.evidence,
                     item.links,
                     OptionalValue(item.completed_at),
                     item.created_at,
                     item.updated_at})
            .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<PlanItemRecord> PlanRepository::GetItem(std::string_view project_id,
                                                       std::string_view partner_org_id,
                                                       std::string_view id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kItemColumns,
                                               " FROM plan_items WHERE project_id = ? AND "
                                               "partner_org_id = ? AND id = ?"),
                                        {std::string(project_id), std::string(partner_org_id),
                                         std::string(id)}));
  if (rows.empty()) return absl::NotFoundError("plan item not found");
  return ReadItem(rows[0]);
}

absl::Status PlanRepository::UpdateItem(const PlanItemRecord& item) {
  ASSIGN_OR_RETURN(
      auto changed,
      db_.Execute(
          "UPDATE plan_items SET phase = ?, phase_name = ?, position = ?, title = ?, "
          "description = ?, owner_side = ?, assignee = ?, due_at = ?, rule = ?, "
          "status = ?, decided_by = ?, evidence = ?, links = ?, completed_at = ?, "
          "updated_at = ? WHERE id = ? AND project_id = ? AND partner_org_id = ?",
          {item.phase, item.phase_name, item.position, item.title, item.description,
           item.owner_side, item.assignee, OptionalValue(item.due_at), item.rule, item.status,
           item.decided_by, item.evidence, item.links, OptionalValue(item.completed_at),
           item.updated_at, item.id, item.project_id, item.partner_org_id}));
  if (changed == 0) return absl::NotFoundError("plan item not found");
  return absl::OkStatus();
}

absl::Status PlanRepository::DeleteItem(std::string_view project_id, std::string_view id) {
  ASSIGN_OR_RETURN(auto changed, db_.Execute("DELETE FROM plan_items WHERE project_id = ? AND "
                                             "id = ?",
                                             {std::string(project_id), std::string(id)}));
  if (changed == 0) return absl::NotFoundError("plan item not found");
  return absl::OkStatus();
}

absl::Status PlanRepository::InsertEvent(PlanEventRecord event) {
  if (event.id.empty()) event.id = NewId("pev");
  return db_
      .Execute(
          "INSERT INTO plan_events (id, item_id, project_id, partner_org_id, kind, actor_id, "
          "actor_org_id, message, evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {event.id, event.item_id, event.project_id, event.partner_org_id, event.kind,
           event.actor_id, event.actor_org_id, event.message, event.evidence, event.created_at})
      .status();
}

absl::StatusOr<std::vector<PlanEventRecord>> PlanRepository::ListEvents(std::string_view item_id,
                                                                        int limit) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT id, item_id, project_id, partner_org_id, kind, actor_id, "
                             "actor_org_id, message, evidence, created_at FROM plan_events "
                             "WHERE item_id = ? ORDER BY created_at, id LIMIT ?",
                             {std::string(item_id), std::int64_t{limit}}));
  std::vector<PlanEventRecord> events;
  for (const Row& row : rows)
    events.push_back({row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Text(5),
                      row.Text(6), row.Text(7), row.Text(8), row.Int(9)});
  return events;
}

absl::StatusOr<std::vector<std::string>> PlanRepository::BoardPartners(
    std::string_view project_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT DISTINCT partner_org_id FROM plan_items WHERE "
                                        "project_id = ? ORDER BY partner_org_id",
                                        {std::string(project_id)}));
  std::vector<std::string> partners;
  for (const Row& row : rows) partners.push_back(row.Text(0));
  return partners;
}

absl::StatusOr<std::optional<std::string>> PlanRepository::EnvironmentIdByName(
    std::string_view project_id, std::string_view name) {
  if (ToLower(name) == "mock") return std::optional<std::string>("mock");
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id FROM environments WHERE project_id = ? AND "
                                        "LOWER(name) = ? ORDER BY created_at LIMIT 1",
                                        {std::string(project_id), ToLower(name)}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

absl::StatusOr<std::optional<PlanRepository::TraceFact>> PlanRepository::FirstSuccessfulTrace(
    std::string_view project_id, std::string_view partner_org_id, std::string_view environment_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kTraceFactColumns,
                                               " FROM traces WHERE project_id = ? AND "
                                               "partner_org_id = ? AND environment_id = ? AND "
                                               "status >= 200 AND status < 300 "
                                               "ORDER BY created_at, id LIMIT 1"),
                                        {std::string(project_id), std::string(partner_org_id),
                                         std::string(environment_id)}));
  if (rows.empty()) return std::optional<TraceFact>();
  return std::optional<TraceFact>(ReadTraceFact(rows[0]));
}

absl::StatusOr<std::vector<PlanRepository::TraceFact>> PlanRepository::LatestTraces(
    std::string_view project_id, std::string_view partner_org_id, std::string_view environment_id,
    int limit) {
  std::vector<SqlValue> params{std::string(project_id), std::string(partner_org_id)};
  std::string sql = StrCat("SELECT ", kTraceFactColumns,
                           " FROM traces WHERE project_id = ? AND partner_org_id = ?");
  if (!environment_id.empty()) {
    sql += " AND environment_id = ?";
    params.emplace_back(std::string(environment_id));
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  std::vector<TraceFact> facts;
  for (const Row& row : rows) facts.push_back(ReadTraceFact(row));
  return facts;
}

absl::StatusOr<std::vector<PlanRepository::RunFact>> PlanRepository::FinishedRuns(
    std::string_view project_id, std::string_view partner_org_id, std::string_view environment_id,
    int limit) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT id, passed, options, summary, finished_at FROM runs "
                             "WHERE project_id = ? AND requester_org_id = ? AND "
                             "environment_id = ? AND status = 'finished' "
                             "ORDER BY finished_at DESC, id DESC LIMIT ?",
                             {std::string(project_id), std::string(partner_org_id),
                              std::string(environment_id), std::int64_t{limit}}));
  std::vector<RunFact> facts;
  for (const Row& row : rows) {
    RunFact fact{row.Text(0), row.Int(1) != 0, row.Text(2), row.Text(3), row.Int(4), {}};
    if (!fact.passed) {
      ASSIGN_OR_RETURN(auto failed,
                       db_.Query("SELECT DISTINCT category FROM run_cases WHERE run_id = ? AND "
                                 "required = 1 AND status IN ('failed', 'error', 'not_set_up') "
                                 "ORDER BY category",
                                 {fact.id}));
      for (const Row& category : failed) fact.failed_categories.push_back(category.Text(0));
    }
    facts.push_back(std::move(fact));
  }
  return facts;
}

absl::StatusOr<std::pair<std::int64_t, std::int64_t>> PlanRepository::AnnotationAcks(
    std::string_view project_id, std::string_view partner_org_id) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT COUNT(*), COUNT(k.annotation_id) FROM annotations a "
                             "LEFT JOIN annotation_acks k ON k.annotation_id = a.id AND "
                             "k.project_id = a.project_id AND k.partner_org_id = ? "
                             "WHERE a.project_id = ?",
                             {std::string(partner_org_id), std::string(project_id)}));
  if (rows.empty()) return std::pair<std::int64_t, std::int64_t>{0, 0};
  return std::pair<std::int64_t, std::int64_t>{rows[0].Int(0), rows[0].Int(1)};
}

absl::StatusOr<bool> PlanRepository::LinkTargetExists(std::string_view project_id,
                                                      std::string_view partner_org_id,
                                                      std::string_view kind, std::string_view id,
                                                      std::string_view run_id) {
  const std::string project(project_id), partner(partner_org_id);
  std::vector<Row> rows;
  if (kind == "run" || kind == "case") {
    const std::string run(kind == "run" ? id : run_id);
    ASSIGN_OR_RETURN(rows, db_.Query("SELECT id FROM runs WHERE project_id = ? AND id = ? AND "
                                     "requester_org_id = ?",
                                     {project, run, partner}));
    if (rows.empty() || kind == "run") return !rows.empty();
    std::int64_t position = 0;
    if (!absl::SimpleAtoi(absl::string_view(id.data(), id.size()), &position)) return false;
    ASSIGN_OR_RETURN(rows, db_.Query("SELECT position FROM run_cases WHERE run_id = ? AND "
                                     "position = ?",
                                     {run, position}));
  } else if (kind == "trace") {
    ASSIGN_OR_RETURN(rows, db_.Query("SELECT id FROM traces WHERE project_id = ? AND id = ? AND "
                                     "partner_org_id = ?",
                                     {project, std::string(id), partner}));
  } else if (kind == "annotation") {
    ASSIGN_OR_RETURN(rows, db_.Query("SELECT id FROM annotations WHERE project_id = ? AND id = ?",
                                     {project, std::string(id)}));
  }
  return !rows.empty();
}

absl::Status PlanRepository::Acknowledge(const Scope& scope, std::string_view project_id,
                                         std::string_view annotation_id, std::int64_t now) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  if (!scope.is_partner())
    return absl::PermissionDeniedError("partners acknowledge the vendor's notes");
  ASSIGN_OR_RETURN(auto found, db_.Query("SELECT id FROM annotations WHERE project_id = ? AND "
                                         "id = ?",
                                         {std::string(project_id), std::string(annotation_id)}));
  if (found.empty()) return absl::NotFoundError("annotation not found");
  // Acknowledging again changes nothing. ON CONFLICT, not a caught unique violation: in a
  // PostgreSQL transaction a failed statement ends the transaction.
  return db_
      .Execute(
          "INSERT INTO annotation_acks (project_id, partner_org_id, annotation_id, "
          "acknowledged_by, acknowledged_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
          {std::string(project_id), scope.org_id, std::string(annotation_id), scope.user_id, now})
      .status();
}

absl::StatusOr<std::vector<std::string>> PlanRepository::AcknowledgedBy(
    std::string_view project_id, std::string_view partner_org_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT annotation_id FROM annotation_acks WHERE "
                                        "project_id = ? AND partner_org_id = ? "
                                        "ORDER BY annotation_id",
                                        {std::string(project_id), std::string(partner_org_id)}));
  std::vector<std::string> ids;
  for (const Row& row : rows) ids.push_back(row.Text(0));
  return ids;
}

}  // namespace icopilot::store
