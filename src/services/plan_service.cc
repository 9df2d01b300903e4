#include "services/plan_service.h"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json/serialize.hpp>

#include "absl/strings/str_join.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/log.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/audit.h"
#include "services/notification_events.h"
#include "services/plan_evidence.h"
#include "store/plan_repository.h"
#include "store/visibility.h"

namespace icopilot::services {
namespace {

constexpr std::int64_t kDayMillis = 86'400'000;
constexpr int kMaxEventsRead = 500;

const std::vector<PlanRuleKind> kEveryRule = {
    PlanRuleKind::kFirstSuccess, PlanRuleKind::kGoldenPassing, PlanRuleKind::kNoViolations,
    PlanRuleKind::kAnnotationsAcknowledged};

std::optional<PlanRule> RuleOf(const store::PlanItemRecord& item) {
  if (item.rule.empty()) return std::nullopt;
  auto json = ParseJson(item.rule);
  if (!json.ok()) return std::nullopt;
  auto rule = ReadPlanRule(*json, "rule");
  if (!rule.ok()) return std::nullopt;
  return *rule;
}

std::string EvidenceId(const std::string& evidence_json) {
  auto json = ParseJson(evidence_json);
  if (!json.ok() || !json->is_object()) return "";
  const auto* id = json->as_object().if_contains("id");
  return id != nullptr && id->is_string() ? std::string(id->as_string()) : "";
}

std::vector<store::PlanItemRecord> SeedItems(const PlanTemplate& plan, std::string_view org_id,
                                             std::string_view project_id,
                                             std::string_view partner_org_id,
                                             std::int64_t invited_at, std::int64_t now) {
  std::vector<store::PlanItemRecord> items;
  for (std::size_t p = 0; p < plan.phases.size(); ++p) {
    const auto& phase = plan.phases[p];
    for (std::size_t i = 0; i < phase.items.size(); ++i) {
      const auto& from = phase.items[i];
      store::PlanItemRecord item;
      item.id = NewId("pli");
      item.org_id = std::string(org_id);
      item.project_id = std::string(project_id);
      item.partner_org_id = std::string(partner_org_id);
      item.phase = static_cast<std::int64_t>(p);
      item.phase_name = phase.name;
      item.position = static_cast<std::int64_t>(i);
      item.item_key = from.key;
      item.title = from.title;
      item.description = from.description;
      item.owner_side = from.owner_side;
      if (from.due_days) item.due_at = invited_at + *from.due_days * kDayMillis;
      if (from.rule) item.rule = boost::json::serialize(PlanRuleJson(*from.rule));
      item.created_at = now;
      item.updated_at = now;
      items.push_back(std::move(item));
    }
  }
  return items;
}

// Moves the item when the evidence is new and says otherwise than its status; newer
// evidence with the same verdict only replaces the reason shown. Evidence seen before
// moves nothing, so a vendor's decision by hand stands until the evidence changes.
bool IsNewEvidence(const store::PlanItemRecord& item, const EvidenceDecision& decision) {
  const auto* id = decision.evidence.if_contains("id");
  const std::string new_id = id != nullptr && id->is_string() ? std::string(id->as_string()) : "";
  return new_id != EvidenceId(item.evidence);
}

absl::Status ApplyDecision(store::PlanRepository& plans, store::PlanItemRecord& item,
                           const EvidenceDecision& decision, std::int64_t now) {
  if (!IsNewEvidence(item, decision)) return absl::OkStatus();  // nothing turned
  const std::string evidence = boost::json::serialize(decision.evidence);
  const bool was_done = item.status == "done";
  item.evidence = evidence;
  item.updated_at = now;
  if (was_done == decision.done) {
    // Same verdict from newer evidence: keep the reason current, say nothing. A decision
    // by hand that the evidence now agrees with is the evidence's from here on.
    item.decided_by = "evidence";
    return plans.UpdateItem(item);
  }
  item.status = decision.done ? "done" : "open";
  item.decided_by = "evidence";
  item.completed_at = decision.done ? std::optional<std::int64_t>(now) : std::nullopt;
  RETURN_IF_ERROR(plans.UpdateItem(item));
  const auto* summary = decision.evidence.if_contains("summary");
  return plans.InsertEvent({"", item.id, item.project_id, item.partner_org_id,
                            decision.done ? "completed" : "reopened", "evidence", "",
                            summary != nullptr && summary->is_string()
                                ? std::string(summary->as_string())
                                : std::string(),
                            evidence, now});
}

absl::Status CheckText(std::string_view field, std::string_view text, std::size_t max,
                       bool required) {
  if (required && text.empty()) return absl::InvalidArgumentError(StrCat(field, ": required"));
  if (text.size() > max)
    return absl::InvalidArgumentError(StrCat(field, ": at most ", max, " characters"));
  return absl::OkStatus();
}

// Links are {kind, id} (and run_id for a case): to the partner's own runs, cases and
// traces, the project's annotations, or a web page.
absl::StatusOr<std::string> CheckLinks(store::PlanRepository& plans, std::string_view project_id,
                                       std::string_view partner_org_id,
                                       const boost::json::array& links) {
  if (links.size() > kMaxPlanLinks)
    return absl::InvalidArgumentError(StrCat("links: at most ", kMaxPlanLinks));
  boost::json::array kept;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const std::string where = StrCat("links[", i, "]");
    if (!links[i].is_object()) return absl::InvalidArgumentError(where + ": must be an object");
    const auto& link = links[i].as_object();
    for (const auto& member : link) {
      if (member.key() != "kind" && member.key() != "id" && member.key() != "run_id" &&
          member.key() != "title")
        return absl::InvalidArgumentError(
            StrCat(where, ".", std::string_view(member.key()), ": unknown field"));
    }
    auto text = [&](std::string_view name) -> std::string {
      const auto* value = link.if_contains(name);
      return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
    };
    const std::string kind = text("kind"), id = text("id"), run_id = text("run_id"),
                      title = text("title");
    if (kind != "run" && kind != "case" && kind != "trace" && kind != "annotation" && kind != "url")
      return absl::InvalidArgumentError(
          StrCat(where, ".kind: one of run, case, trace, annotation, url"));
    if (id.empty() || id.size() > 2000)
      return absl::InvalidArgumentError(StrCat(where, ".id: required, at most 2000 characters"));
    RETURN_IF_ERROR(CheckText(where + ".title", title, kMaxPlanTitle, false));
    boost::json::object out{{"kind", kind}, {"id", id}};
    if (!title.empty()) out["title"] = title;
    if (kind == "url") {
      const bool web = id.starts_with("https://") || id.starts_with("http://");
      if (!web || id.find_first_of(" \t\r\n\"<>") != std::string::npos)
        return absl::InvalidArgumentError(StrCat(where, ".id: an http or https address"));
    } else {
      if (kind == "case") {
        if (run_id.empty()) return absl::InvalidArgumentError(StrCat(where, ".run_id: required"));
        out["run_id"] = run_id;
      }
      ASSIGN_OR_RETURN(bool exists,
                       plans.LinkTargetExists(project_id, partner_org_id, kind, id, run_id));
      if (!exists)
        return absl::InvalidArgumentError(
            StrCat(where, ": no ", kind, " ", id, " of this partner in this project"));
    }
    kept.push_back(std::move(out));
  }
  return boost::json::serialize(kept);
}

}  // namespace

absl::StatusOr<PlanTemplate> PlanService::GetTemplate(const Actor& actor,
                                                      std::string_view project_id) {
  ASSIGN_OR_RETURN(auto stored, store::PlanRepository(db_).GetTemplate(actor.scope, project_id));
  if (!stored) return DefaultPlanTemplate();
  ASSIGN_OR_RETURN(auto json, ParseJson(*stored));
  auto plan = ReadPlanTemplate(json);
  if (!plan.ok())
    return absl::DataLossError(StrCat("stored plan template: ", plan.status().message()));
  return *plan;
}

absl::StatusOr<PlanTemplate> PlanService::SetTemplate(const Actor& actor,
                                                      std::string_view project_id,
                                                      const PlanTemplate& plan) {
  const std::int64_t now = clock_.NowMillis();
  const boost::json::object json = PlanTemplateJson(plan);
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::PlanRepository(tx).SetTemplate(actor.scope, project_id,
                                                          boost::json::serialize(json), now));
    std::int64_t items = 0;
    for (const auto& phase : plan.phases) items += static_cast<std::int64_t>(phase.items.size());
    return RecordAudit(tx, actor, "plan.template.update", "project", project_id,
                       {{"phases", plan.phases.size()}, {"items", items}}, now);
  }));
  return plan;
}

absl::StatusOr<bool> PlanService::EvidenceMovesBoard(std::string_view project_id,
                                                     std::string_view partner_org_id,
                                                     const std::vector<PlanRuleKind>& kinds) {
  store::PlanRepository plans(db_);
  ASSIGN_OR_RETURN(auto items, plans.ListItems(project_id, partner_org_id));
  if (items.empty()) return true;  // to be seeded
  for (const auto& item : items) {
    const auto rule = RuleOf(item);
    if (!rule || std::find(kinds.begin(), kinds.end(), rule->kind) == kinds.end()) continue;
    ASSIGN_OR_RETURN(auto decision, DecideByEvidence(plans, std::string(project_id),
                                                     std::string(partner_org_id), *rule));
    if (decision && IsNewEvidence(item, *decision)) return true;
  }
  return false;
}

namespace {

// The phases every item of which is done.
std::set<std::int64_t> DonePhases(const std::vector<store::PlanItemRecord>& items) {
  std::map<std::int64_t, bool> done;
  for (const auto& item : items) {
    auto [at, inserted] = done.emplace(item.phase, true);
    at->second = at->second && item.status == "done";
  }
  std::set<std::int64_t> phases;
  for (const auto& [phase, all] : done)
    if (all) phases.insert(phase);
  return phases;
}

// plan.phase_completed for each phase done now that was not before, written with the change.
absl::Status NotifyPhasesCompleted(store::PlanRepository& plans, store::SqlExecutor& tx,
                                   const std::vector<store::PlanItemRecord>& before,
                                   std::string_view project_id, std::string_view partner_org_id,
                                   const std::string& org_id, std::int64_t now) {
  ASSIGN_OR_RETURN(auto after, plans.ListItems(project_id, partner_org_id));
  const auto was = DonePhases(before);
  for (std::int64_t phase : DonePhases(after)) {
    if (was.contains(phase)) continue;
    std::string name;
    std::int64_t items = 0;
    for (const auto& item : after)
      if (item.phase == phase) {
        name = item.phase_name;
        ++items;
      }
    Event event;
    event.type = "plan.phase_completed";
    event.org_id = org_id;
    event.project_id = std::string(project_id);
    event.partner_org_id = std::string(partner_org_id);
    event.title = StrCat("{partner} completed the ", name, " phase of its plan");
    event.link = StrCat("/projects/", project_id, "/plan/", partner_org_id);
    event.data = {{"phase", phase}, {"phase_name", name}, {"items", items}};
    RETURN_IF_ERROR(EnqueueEvent(tx, event, now));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status PlanService::Refresh(std::string_view project_id, std::string_view partner_org_id,
                                  const std::vector<PlanRuleKind>& kinds) {
  // Most evidence changes nothing on the board; finding that out without the write lock
  // keeps trace ingest from queueing behind every board its batch touched.
  ASSIGN_OR_RETURN(const bool moves, EvidenceMovesBoard(project_id, partner_org_id, kinds));
  if (!moves) return absl::OkStatus();
  const std::int64_t now = clock_.NowMillis();
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::PlanRepository plans(tx);
    ASSIGN_OR_RETURN(auto membership, plans.FindMembership(project_id, partner_org_id));
    if (!membership) return absl::OkStatus();  // not (or no longer) a partner of it
    ASSIGN_OR_RETURN(auto items, plans.ListItems(project_id, partner_org_id));
    const auto before = items;
    std::vector<PlanRuleKind> evaluate = kinds;
    if (items.empty()) {
      PlanTemplate plan = DefaultPlanTemplate();
      ASSIGN_OR_RETURN(auto stored, plans.TemplateOf(project_id));
      if (stored) {
        auto json = ParseJson(*stored);
        auto read =
            json.ok() ? ReadPlanTemplate(*json) : absl::StatusOr<PlanTemplate>(json.status());
        if (read.ok()) plan = *std::move(read);
      }
      items = SeedItems(plan, membership->project_org_id, project_id, partner_org_id,
                        membership->invited_at, now);
      RETURN_IF_ERROR(plans.InsertItems(items));
      evaluate = kEveryRule;  // what happened before the board existed counts too
    }
    for (auto& item : items) {
      const auto rule = RuleOf(item);
      if (!rule || std::find(evaluate.begin(), evaluate.end(), rule->kind) == evaluate.end())
        continue;
      ASSIGN_OR_RETURN(auto decision, DecideByEvidence(plans, std::string(project_id),
                                                       std::string(partner_org_id), *rule));
      if (decision) RETURN_IF_ERROR(ApplyDecision(plans, item, *decision, now));
    }
    return NotifyPhasesCompleted(plans, tx, before, project_id, partner_org_id,
                                 membership->project_org_id, now);
  });
}

absl::StatusOr<PlanBoard> PlanService::ReadBoard(const Actor& actor, std::string_view project_id,
                                                 std::string_view partner_org_id) {
  store::PlanRepository plans(db_);
  ASSIGN_OR_RETURN(auto membership, plans.RequireBoard(actor.scope, project_id, partner_org_id));
  PlanBoard board{std::string(project_id),
                  std::string(partner_org_id),
                  membership.partner_name,
                  membership.invited_at,
                  {}};
  ASSIGN_OR_RETURN(board.items, plans.ListItems(project_id, partner_org_id));
  return board;
}

absl::StatusOr<PlanBoard> PlanService::Board(const Actor& actor, std::string_view project_id,
                                             std::string_view partner_org_id) {
  RETURN_IF_ERROR(
      store::PlanRepository(db_).RequireBoard(actor.scope, project_id, partner_org_id).status());
  RETURN_IF_ERROR(Refresh(project_id, partner_org_id, kEveryRule));
  return ReadBoard(actor, project_id, partner_org_id);
}

absl::StatusOr<std::vector<PlanStanding>> PlanService::Overview(const Actor& actor,
                                                                std::string_view project_id) {
  store::PlanRepository plans(db_);
  ASSIGN_OR_RETURN(auto members, plans.ListMembers(actor.scope, project_id));
  ASSIGN_OR_RETURN(auto seeded, plans.BoardPartners(project_id));
  const std::set<std::string> has_board(seeded.begin(), seeded.end());
  for (const auto& member : members) {
    if (!has_board.contains(member.partner_org_id))
      RETURN_IF_ERROR(Refresh(project_id, member.partner_org_id, kEveryRule));
  }
  ASSIGN_OR_RETURN(auto items, plans.ListProjectItems(project_id));
  std::map<std::string, std::vector<const store::PlanItemRecord*>, std::less<>> by_partner;
  for (const auto& item : items) by_partner[item.partner_org_id].push_back(&item);
  const std::int64_t now = clock_.NowMillis();
  std::vector<PlanStanding> standings;
  for (const auto& member : members) {
    PlanStanding standing;
    standing.partner_org_id = member.partner_org_id;
    standing.partner_name = member.partner_name;
    standing.invited_at = member.invited_at;
    const auto& board = by_partner[member.partner_org_id];
    std::int64_t phases = 0;
    const store::PlanItemRecord* next = nullptr;
    for (const auto* item : board) {  // phase, then position order
      phases = std::max(phases, item->phase + 1);
      ++standing.total;
      if (item->status == "done") {
        ++standing.done;
        continue;
      }
      if (item->due_at && *item->due_at < now) ++standing.overdue;
      if (next == nullptr) next = item;
    }
    standing.phase = next != nullptr ? next->phase : phases;
    if (next != nullptr) {
      standing.phase_name = next->phase_name;
      standing.next = *next;
    }
    standings.push_back(std::move(standing));
  }
  return standings;
}

absl::StatusOr<store::PlanItemRecord> PlanService::AddItem(const Actor& actor,
                                                           std::string_view project_id,
                                                           std::string_view partner_org_id,
                                                           const PlanItemInput& input) {
  if (actor.scope.is_partner())
    return absl::PermissionDeniedError("the vendor adds items to a partner's board");
  RETURN_IF_ERROR(CheckText("title", input.title, kMaxPlanTitle, true));
  RETURN_IF_ERROR(CheckText("description", input.description, kMaxPlanDescription, false));
  RETURN_IF_ERROR(CheckText("assignee", input.assignee, kMaxPlanTitle, false));
  if (input.owner_side != "vendor" && input.owner_side != "partner")
    return absl::InvalidArgumentError("owner: vendor or partner");
  ASSIGN_OR_RETURN(PlanBoard board, Board(actor, project_id, partner_org_id));
  const std::int64_t now = clock_.NowMillis();
  store::PlanItemRecord item;
  std::int64_t phases = 0;
  for (const auto& existing : board.items) {
    phases = std::max(phases, existing.phase + 1);
    if (existing.phase == input.phase) {
      item.phase_name = existing.phase_name;
      item.position = std::max(item.position, existing.position + 1);
    }
  }
  if (input.phase < 0 || input.phase >= phases)
    return absl::InvalidArgumentError(StrCat("phase: from 0 to ", phases - 1));
  item.id = NewId("pli");
  item.project_id = std::string(project_id);
  item.partner_org_id = std::string(partner_org_id);
  item.phase = input.phase;
  item.title = input.title;
  item.description = input.description;
  item.owner_side = input.owner_side;
  item.assignee = input.assignee;
  item.due_at = input.due_at;
  item.created_at = now;
  item.updated_at = now;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::PlanRepository plans(tx);
    ASSIGN_OR_RETURN(auto membership, plans.RequireBoard(actor.scope, project_id, partner_org_id));
    item.org_id = membership.project_org_id;
    RETURN_IF_ERROR(plans.InsertItems({item}));
    RETURN_IF_ERROR(
        plans.InsertEvent({"", item.id, item.project_id, item.partner_org_id, "created",
                           actor.scope.user_id, actor.scope.org_id, item.title, "", now}));
    return RecordAudit(tx, actor, "plan.item.create", "plan_item", item.id,
                       {{"project_id", item.project_id}, {"partner_id", item.partner_org_id}}, now);
  }));
  return item;
}

absl::StatusOr<store::PlanItemRecord> PlanService::UpdateItem(const Actor& actor,
                                                              std::string_view project_id,
                                                              std::string_view partner_org_id,
                                                              std::string_view item_id,
                                                              const PlanItemPatch& patch) {
  const bool partner = actor.scope.is_partner();
  if (patch.title) RETURN_IF_ERROR(CheckText("title", *patch.title, kMaxPlanTitle, true));
  if (patch.description)
    RETURN_IF_ERROR(CheckText("description", *patch.description, kMaxPlanDescription, false));
  if (patch.assignee) RETURN_IF_ERROR(CheckText("assignee", *patch.assignee, kMaxPlanTitle, false));
  if (patch.status && *patch.status != "open" && *patch.status != "done")
    return absl::InvalidArgumentError("status: open or done");
  if (partner && (patch.title || patch.description || patch.due_at))
    return absl::PermissionDeniedError("the vendor sets an item's title, description and due date");
  const std::int64_t now = clock_.NowMillis();
  store::PlanItemRecord item;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::PlanRepository plans(tx);
    ASSIGN_OR_RETURN(auto membership, plans.RequireBoard(actor.scope, project_id, partner_org_id));
    ASSIGN_OR_RETURN(item, plans.GetItem(project_id, partner_org_id, item_id));
    const bool by_evidence = !item.rule.empty();
    if (partner && (patch.status || patch.assignee) && item.owner_side != "partner")
      return absl::PermissionDeniedError("this item is the vendor's to move");
    if (partner && patch.status && by_evidence)
      return absl::PermissionDeniedError(
          "evidence decides this item: it completes when the evidence shows it");
    std::vector<std::string> changed;
    if (patch.title && *patch.title != item.title) {
      item.title = *patch.title;
      changed.push_back("title");
    }
    if (patch.description && *patch.description != item.description) {
      item.description = *patch.description;
      changed.push_back("description");
    }
    if (patch.assignee && *patch.assignee != item.assignee) {
      item.assignee = *patch.assignee;
      changed.push_back("assignee");
    }
    if (patch.due_at && *patch.due_at != item.due_at) {
      item.due_at = *patch.due_at;
      changed.push_back("due date");
    }
    if (patch.links) {
      ASSIGN_OR_RETURN(std::string links,
                       CheckLinks(plans, project_id, partner_org_id, *patch.links));
      if (links != item.links) {
        item.links = links;
        changed.push_back("links");
      }
    }
    std::string moved;
    std::vector<store::PlanItemRecord> before;
    if (patch.status && *patch.status != item.status) {
      ASSIGN_OR_RETURN(before, plans.ListItems(project_id, partner_org_id));
      item.status = *patch.status;
      item.decided_by = partner ? "partner" : "vendor";
      item.completed_at = item.status == "done" ? std::optional<std::int64_t>(now) : std::nullopt;
      moved = item.status == "done" ? "completed" : "reopened";
    }
    if (changed.empty() && moved.empty()) return absl::OkStatus();
    item.updated_at = now;
    RETURN_IF_ERROR(plans.UpdateItem(item));
    if (!moved.empty()) {
      RETURN_IF_ERROR(plans.InsertEvent(
          {"", item.id, item.project_id, item.partner_org_id, moved, actor.scope.user_id,
           actor.scope.org_id,
           by_evidence ? "Decided by hand; the evidence moves it again when it changes" : "", "",
           now}));
      RETURN_IF_ERROR(NotifyPhasesCompleted(plans, tx, before, project_id, partner_org_id,
                                            membership.project_org_id, now));
    }
    if (!changed.empty()) {
      RETURN_IF_ERROR(plans.InsertEvent(
          {"", item.id, item.project_id, item.partner_org_id, "updated", actor.scope.user_id,
           actor.scope.org_id, StrCat("Changed ", absl::StrJoin(changed, ", ")), "", now}));
    }
    boost::json::array fields;
    for (const auto& field : changed) fields.emplace_back(field);
    return RecordAudit(tx, actor, "plan.item.update", "plan_item", item.id,
                       {{"project_id", item.project_id},
                        {"partner_id", item.partner_org_id},
                        {"status", item.status},
                        {"changed", std::move(fields)}},
                       now);
  }));
  return item;
}

absl::Status PlanService::DeleteItem(const Actor& actor, std::string_view project_id,
                                     std::string_view partner_org_id, std::string_view item_id) {
  if (actor.scope.is_partner())
    return absl::PermissionDeniedError("the vendor removes items from a partner's board");
  const std::int64_t now = clock_.NowMillis();
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::PlanRepository plans(tx);
    RETURN_IF_ERROR(plans.RequireBoard(actor.scope, project_id, partner_org_id).status());
    ASSIGN_OR_RETURN(auto item, plans.GetItem(project_id, partner_org_id, item_id));
    RETURN_IF_ERROR(plans.DeleteItem(project_id, item.id));
    return RecordAudit(tx, actor, "plan.item.delete", "plan_item", item.id,
                       {{"project_id", item.project_id},
                        {"partner_id", item.partner_org_id},
                        {"title", item.title}},
                       now);
  });
}

absl::StatusOr<std::vector<store::PlanEventRecord>> PlanService::Events(
    const Actor& actor, std::string_view project_id, std::string_view partner_org_id,
    std::string_view item_id) {
  store::PlanRepository plans(db_);
  RETURN_IF_ERROR(plans.RequireBoard(actor.scope, project_id, partner_org_id).status());
  ASSIGN_OR_RETURN(auto item, plans.GetItem(project_id, partner_org_id, item_id));
  return plans.ListEvents(item.id, kMaxEventsRead);
}

absl::StatusOr<store::PlanEventRecord> PlanService::Comment(const Actor& actor,
                                                            std::string_view project_id,
                                                            std::string_view partner_org_id,
                                                            std::string_view item_id,
                                                            std::string_view body) {
  RETURN_IF_ERROR(CheckText("body", body, kMaxPlanComment, true));
  store::PlanEventRecord event;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::PlanRepository plans(tx);
    RETURN_IF_ERROR(plans.RequireBoard(actor.scope, project_id, partner_org_id).status());
    ASSIGN_OR_RETURN(auto item, plans.GetItem(project_id, partner_org_id, item_id));
    event = {NewId("pev"),        item.id,           item.project_id,
             item.partner_org_id, "comment",         actor.scope.user_id,
             actor.scope.org_id,  std::string(body), "",
             clock_.NowMillis()};
    return plans.InsertEvent(event);
  }));
  return event;
}

absl::Status PlanService::Acknowledge(const Actor& actor, std::string_view project_id,
                                      std::string_view annotation_id) {
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(
        store::PlanRepository(tx).Acknowledge(actor.scope, project_id, annotation_id, now));
    return RecordAudit(tx, actor, "annotation.acknowledge", "annotation", annotation_id,
                       {{"project_id", std::string(project_id)}}, now);
  }));
  return Refresh(project_id, actor.scope.org_id, {PlanRuleKind::kAnnotationsAcknowledged});
}

absl::StatusOr<std::vector<std::string>> PlanService::Acknowledged(const Actor& actor,
                                                                   std::string_view project_id) {
  RETURN_IF_ERROR(store::RequireVisibleProject(db_, actor.scope, project_id));
  if (!actor.scope.is_partner()) return std::vector<std::string>();
  return store::PlanRepository(db_).AcknowledgedBy(project_id, actor.scope.org_id);
}

void PlanService::OnTraces(const std::vector<store::TraceRecord>& traces) {
  std::lock_guard lock(pending_mutex_);
  for (const auto& trace : traces)
    if (!trace.partner_org_id.empty()) pending_.emplace(trace.project_id, trace.partner_org_id);
}

void PlanService::RefreshPending() {
  std::set<std::pair<std::string, std::string>> boards;
  {
    std::lock_guard lock(pending_mutex_);
    boards.swap(pending_);
  }
  for (const auto& [project_id, partner] : boards) {
    if (auto refreshed = Refresh(project_id, partner,
                                 {PlanRuleKind::kFirstSuccess, PlanRuleKind::kNoViolations});
        !refreshed.ok())
      log::Event("warn", "plan board not refreshed after traces",
                 {{"project_id", project_id}, {"error", std::string(refreshed.message())}});
  }
}

void PlanService::OnRunFinished(const store::RunRecord& run) {
  if (run.requester_org_id.empty() || run.requester_org_id == run.org_id) return;  // the vendor's
  if (auto refreshed =
          Refresh(run.project_id, run.requester_org_id, {PlanRuleKind::kGoldenPassing});
      !refreshed.ok())
    log::Event("warn", "plan board not refreshed after a run",
               {{"run_id", run.id}, {"error", std::string(refreshed.message())}});
}

void PlanService::OnAnnotationsChanged(std::string_view project_id) {
  auto partners = store::PlanRepository(db_).BoardPartners(project_id);
  if (!partners.ok()) return;
  for (const auto& partner : *partners) {
    if (auto refreshed = Refresh(project_id, partner, {PlanRuleKind::kAnnotationsAcknowledged});
        !refreshed.ok())
      log::Event(
          "warn", "plan board not refreshed after a note changed",
          {{"project_id", std::string(project_id)}, {"error", std::string(refreshed.message())}});
  }
}

}  // namespace icopilot::services
