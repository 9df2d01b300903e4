// /api/v1/projects/{project_id}/plan and .../partners/{partner_id}/plan: the plan template,
// each partner's board, the vendor's overview, and notes a partner acknowledged
// (docs/plan-board.md).
#include <boost/json/parse.hpp>

#include "api/encode.h"
#include "api/handler_util.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/plan_service.h"

namespace icopilot::api {
namespace {

boost::json::value JsonOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  auto parsed = ParseJson(text);
  return parsed.ok() ? *parsed : boost::json::value(nullptr);
}

boost::json::value OrNull(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

boost::json::object EncodeEvidence(const std::string& text) {
  boost::json::value json = JsonOrNull(text);
  if (!json.is_object()) return {};
  boost::json::object evidence = json.as_object();
  if (const auto* at = evidence.if_contains("at"); at != nullptr && at->is_int64())
    evidence["at"] = FormatTimestamp(at->as_int64());
  return evidence;
}

boost::json::object EncodePlanItem(const store::PlanItemRecord& item) {
  boost::json::value evidence = nullptr;
  if (!item.evidence.empty()) evidence = EncodeEvidence(item.evidence);
  boost::json::value links = JsonOrNull(item.links);
  return {{"id", item.id},
          {"phase", item.phase},
          {"phase_name", item.phase_name},
          {"position", item.position},
          {"key", OrNull(item.item_key)},
          {"title", item.title},
          {"description", item.description},
          {"owner", item.owner_side},
          {"assignee", item.assignee},
          {"due_at", NullableTimestamp(item.due_at)},
          {"rule", JsonOrNull(item.rule)},
          {"status", item.status},
          {"decided_by", OrNull(item.decided_by)},
          {"evidence", std::move(evidence)},
          {"links", links.is_array() ? links : boost::json::array()},
          {"completed_at", NullableTimestamp(item.completed_at)},
          {"updated_at", FormatTimestamp(item.updated_at)}};
}

boost::json::object EncodeBoard(const services::PlanBoard& board, std::int64_t now) {
  boost::json::array phases;
  std::int64_t done = 0, overdue = 0;
  std::optional<std::int64_t> current;
  for (const auto& item : board.items) {
    if (phases.empty() || phases.back().as_object().at("position").as_int64() != item.phase) {
      phases.push_back({{"position", item.phase},
                        {"name", item.phase_name},
                        {"done", 0},
                        {"total", 0},
                        {"items", boost::json::array()}});
    }
    auto& phase = phases.back().as_object();
    phase["total"] = phase["total"].as_int64() + 1;
    if (item.status == "done") {
      phase["done"] = phase["done"].as_int64() + 1;
      ++done;
    } else {
      if (!current) current = item.phase;
      if (item.due_at && *item.due_at < now) ++overdue;
    }
    phase["items"].as_array().push_back(EncodePlanItem(item));
  }
  return {{"project_id", board.project_id},
          {"partner_id", board.partner_org_id},
          {"partner_name", board.partner_name},
          {"invited_at", FormatTimestamp(board.invited_at)},
          {"current_phase", current ? boost::json::value(*current) : nullptr},
          {"done", done},
          {"total", board.items.size()},
          {"overdue", overdue},
          {"phases", std::move(phases)}};
}

// A partner sees its own people, not which of the vendor's users did what.
boost::json::object EncodePlanEvent(const store::PlanEventRecord& event,
                                    const store::Scope& viewer) {
  boost::json::value evidence = nullptr;
  if (!event.evidence.empty()) evidence = EncodeEvidence(event.evidence);
  const bool by_evidence = event.actor_id == "evidence";
  const bool shows_actor =
      !by_evidence && (!viewer.is_partner() || event.actor_org_id == viewer.org_id);
  return {{"id", event.id},
          {"item_id", event.item_id},
          {"kind", event.kind},
          {"by", by_evidence ? "evidence" : "user"},
          {"actor_id", shows_actor ? boost::json::value(event.actor_id) : nullptr},
          {"actor_org_id", OrNull(event.actor_org_id)},
          {"message", event.message},
          {"evidence", std::move(evidence)},
          {"created_at", FormatTimestamp(event.created_at)}};
}

absl::StatusOr<std::optional<std::int64_t>> ReadTime(const boost::json::object& body,
                                                     std::string_view name) {
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<std::int64_t>();
  if (!value->is_string()) return absl::InvalidArgumentError(StrCat(name, ": an RFC 3339 time"));
  auto millis = ParseTimestamp(value->as_string());
  if (!millis) return absl::InvalidArgumentError(StrCat(name, ": an RFC 3339 time"));
  return millis;
}

absl::StatusOr<services::PlanItemInput> ReadItemInput(const net::Request& request) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(request));
  RETURN_IF_ERROR(
      OnlyFields(body, {"phase", "title", "description", "owner", "assignee", "due_at"}));
  services::PlanItemInput input;
  ASSIGN_OR_RETURN(auto phase, IntField(body, "phase"));
  if (!phase) return absl::InvalidArgumentError("phase: required");
  input.phase = *phase;
  ASSIGN_OR_RETURN(auto title, StringField(body, "title", true));
  input.title = *title;
  ASSIGN_OR_RETURN(auto description, StringField(body, "description", false));
  input.description = description.value_or("");
  ASSIGN_OR_RETURN(auto owner, StringField(body, "owner", false));
  input.owner_side = owner.value_or("partner");
  ASSIGN_OR_RETURN(auto assignee, StringField(body, "assignee", false));
  input.assignee = assignee.value_or("");
  ASSIGN_OR_RETURN(input.due_at, ReadTime(body, "due_at"));
  return input;
}

absl::StatusOr<services::PlanItemPatch> ReadItemPatch(const net::Request& request) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(request));
  RETURN_IF_ERROR(
      OnlyFields(body, {"status", "title", "description", "assignee", "due_at", "links"}));
  services::PlanItemPatch patch;
  ASSIGN_OR_RETURN(patch.status, StringField(body, "status", false));
  ASSIGN_OR_RETURN(patch.title, StringField(body, "title", false));
  ASSIGN_OR_RETURN(patch.description, StringField(body, "description", false));
  ASSIGN_OR_RETURN(patch.assignee, StringField(body, "assignee", false));
  if (body.contains("due_at")) {
    ASSIGN_OR_RETURN(auto due, ReadTime(body, "due_at"));
    patch.due_at = due;
  }
  if (const auto* links = body.if_contains("links"); links != nullptr) {
    if (!links->is_array()) return absl::InvalidArgumentError("links: must be a list");
    patch.links = links->as_array();
  }
  return patch;
}

std::string BoardPath() { return "/api/v1/projects/{project_id}/partners/{partner_id}/plan"; }

}  // namespace

void AddPlanRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string plan = "/api/v1/projects/{project_id}/plan";
  const std::string board = BoardPath();
  const std::string items = board + "/items";
  const std::string item = items + "/{item_id}";
  ops.push_back(
      ApiOp("GET", plan + "/template", "getPlanTemplate",
            "The phases and items every partner's board starts from (the default until the vendor "
            "sets one)",
            "plan", Access::kVendor, "", 200, "PlanTemplate",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto found, d.plans.GetTemplate(c.actor(), Param(c, "project_id")));
              return JsonResponse(200, services::PlanTemplateJson(found));
            })));
  ops.push_back(
      ApiOp("PUT", plan + "/template", "setPlanTemplate",
            "Set the template boards are seeded from; boards already seeded keep their items",
            "plan", Access::kVendor, "PlanTemplate", 200, "PlanTemplate",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
              auto read = services::ReadPlanTemplate(body);
              if (!read.ok()) return read.status();
              ASSIGN_OR_RETURN(auto stored,
                               d.plans.SetTemplate(c.actor(), Param(c, "project_id"), *read));
              return JsonResponse(200, services::PlanTemplateJson(stored));
            })));
  ops.push_back(ApiOp(
      "GET", plan + "/overview", "getPlanOverview",
      "Where every partner of the project stands: its current phase, items done, overdue, and "
      "the next open item with the evidence that last moved it",
      "plan", Access::kVendor, "", 200, "PlanOverview",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto standings, d.plans.Overview(c.actor(), Param(c, "project_id")));
        return ItemsResponse(standings, [](const services::PlanStanding& s) {
          return boost::json::object{
              {"partner_id", s.partner_org_id},
              {"partner_name", s.partner_name},
              {"invited_at", FormatTimestamp(s.invited_at)},
              {"phase", s.phase},
              {"phase_name", OrNull(s.phase_name)},
              {"done", s.done},
              {"total", s.total},
              {"overdue", s.overdue},
              {"next_item", s.next ? boost::json::value(EncodePlanItem(*s.next)) : nullptr}};
        });
      })));
  ops.push_back(ApiOp(
      "GET", board, "getPlanBoard",
      "A partner's plan board by phase (a partner reads its own); items evidence decides are "
      "brought up to date first",
      "plan", Access::kAnyUser, "", 200, "PlanBoard",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto found,
                         d.plans.Board(c.actor(), Param(c, "project_id"), Param(c, "partner_id")));
        return JsonResponse(200, EncodeBoard(found, d.clock.NowMillis()));
      })));
  ops.push_back(
      ApiOp("POST", items, "createPlanItem", "Add an item to a partner's board (people decide it)",
            "plan", Access::kVendor, "PlanItemCreate", 201, "PlanItem",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto input, ReadItemInput(c.request));
              ASSIGN_OR_RETURN(auto created, d.plans.AddItem(c.actor(), Param(c, "project_id"),
                                                             Param(c, "partner_id"), input));
              return JsonResponse(201, EncodePlanItem(created));
            })));
  ops.push_back(ApiOp(
      "PATCH", item, "updatePlanItem",
      "Move, assign or link an item. A partner moves its own items that evidence does not "
      "decide; the vendor may decide any by hand, and evidence moves it again only when it "
      "changes",
      "plan", Access::kAnyUser, "PlanItemUpdate", 200, "PlanItem",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto patch, ReadItemPatch(c.request));
        ASSIGN_OR_RETURN(auto updated,
                         d.plans.UpdateItem(c.actor(), Param(c, "project_id"),
                                            Param(c, "partner_id"), Param(c, "item_id"), patch));
        return JsonResponse(200, EncodePlanItem(updated));
      })));
  ops.push_back(
      ApiOp("DELETE", item, "deletePlanItem", "Remove an item from a partner's board", "plan",
            Access::kVendor, "", 204, "",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              RETURN_IF_ERROR(d.plans.DeleteItem(c.actor(), Param(c, "project_id"),
                                                 Param(c, "partner_id"), Param(c, "item_id")));
              return NoContent();
            })));
  ops.push_back(ApiOp(
      "GET", item + "/events", "listPlanItemEvents",
      "An item's history, oldest first: who or which evidence moved it, and the comments", "plan",
      Access::kAnyUser, "", 200, "PlanEventList",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto events, d.plans.Events(c.actor(), Param(c, "project_id"),
                                                     Param(c, "partner_id"), Param(c, "item_id")));
        return ItemsResponse(events, [&](const store::PlanEventRecord& event) {
          return EncodePlanEvent(event, c.actor().scope);
        });
      })));
  ops.push_back(
      ApiOp("POST", item + "/comments", "createPlanComment", "Comment on an item", "plan",
            Access::kAnyUser, "PlanCommentCreate", 201, "PlanEvent",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
              RETURN_IF_ERROR(OnlyFields(body, {"body"}));
              ASSIGN_OR_RETURN(auto text, StringField(body, "body", true));
              ASSIGN_OR_RETURN(auto event,
                               d.plans.Comment(c.actor(), Param(c, "project_id"),
                                               Param(c, "partner_id"), Param(c, "item_id"), *text));
              return JsonResponse(201, EncodePlanEvent(event, c.actor().scope));
            })));
  ops.push_back(
      ApiOp("POST", "/api/v1/projects/{project_id}/annotations/{annotation_id}/acknowledgement",
            "acknowledgeAnnotation",
            "A partner says it has read a note of the vendor's (the plan item \"Read the vendor's "
            "notes\" completes when every note is acknowledged)",
            "annotations", Access::kAnyUser, "", 204, "",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              RETURN_IF_ERROR(d.plans.Acknowledge(c.actor(), Param(c, "project_id"),
                                                  Param(c, "annotation_id")));
              return NoContent();
            })));
  ops.push_back(ApiOp(
      "GET", "/api/v1/projects/{project_id}/acknowledged-annotations",
      "listAcknowledgedAnnotations",
      "The ids of the notes the calling partner acknowledged (empty for the vendor)", "annotations",
      Access::kAnyUser, "", 200, "IdList",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto ids, d.plans.Acknowledged(c.actor(), Param(c, "project_id")));
        return ItemsResponse(ids, [](const std::string& id) { return boost::json::value(id); });
      })));
}

}  // namespace icopilot::api
