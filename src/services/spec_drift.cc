#include "services/spec_drift.h"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json/serialize.hpp>

#include "core/ids.h"
#include "core/json.h"
#include "core/log.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/loaded_versions.h"
#include "services/mock_service.h"
#include "services/notification_events.h"
#include "store/mock_repository.h"
#include "store/plan_repository.h"

namespace icopilot::services {
namespace {

std::string Key(const spec::Operation& op) {
  return StrCat(spec::MethodToken(op.method), " ", op.path);
}

// The vendor's own view, for work done in the background of one of its versions.
Actor VendorActor(const std::string& org_id) {
  return {{org_id, "system", store::Role::kOwner}, "", ""};
}

boost::json::object UseJson(const store::OperationUse& use) {
  return {
      {"kind", use.kind}, {"id", use.ref}, {"detail", use.detail}, {"at", FormatTimestamp(use.at)}};
}

}  // namespace

boost::json::object DriftJson(const DriftReport& report) {
  boost::json::array changes;
  for (const auto& c : report.changes) {
    boost::json::array partners;
    for (const auto& p : c.partners) {
      boost::json::array evidence;
      for (const auto& use : p.evidence) evidence.push_back(UseJson(use));
      partners.push_back({{"id", p.id},
                          {"name", p.name},
                          {"certified", p.certified},
                          {"evidence", std::move(evidence)}});
    }
    changes.push_back({{"rule", c.change.rule},
                       {"breaking", c.change.breaking},
                       {"operation", c.change.operation},
                       {"operation_id", c.operation_id},
                       {"message", c.change.message},
                       {"side", c.change.side},
                       {"pointer", c.change.pointer},
                       {"line", c.change.line},
                       {"partners", std::move(partners)}});
  }
  boost::json::array partners;
  for (const auto& p : report.partners) partners.emplace_back(p);
  return {{"from", {{"id", report.from_version_id}, {"label", report.from_label}}},
          {"to", report.to_version_id.empty() ? boost::json::value(nullptr)
                                              : boost::json::value({{"id", report.to_version_id},
                                                                    {"label", report.to_label}})},
          {"breaking", report.breaking},
          {"partners_affected", std::move(partners)},
          {"touches_certified", report.touches_certified},
          {"changes", std::move(changes)}};
}

absl::StatusOr<DriftReport> CompareVersions(store::SqlExecutor& db, std::string_view project_id,
                                            const spec::LoadedSpec& before,
                                            const spec::LoadedSpec& after, std::int64_t now) {
  DriftReport report;
  std::map<std::string, std::string> operation_ids;  // "GET /x" → its id, old side first
  for (const auto* loaded : {&after, &before})
    for (const auto& op : loaded->spec->operations) operation_ids[Key(op)] = op.operation_id;
  std::vector<std::string> breaking_ids;
  for (auto& change : spec::DiffSpecs(before, after)) {
    DriftChange c;
    c.change = std::move(change);
    if (auto id = operation_ids.find(c.change.operation); id != operation_ids.end())
      c.operation_id = id->second;
    if (c.change.breaking) {
      ++report.breaking;
      if (!c.operation_id.empty()) breaking_ids.push_back(c.operation_id);
    }
    report.changes.push_back(std::move(c));
  }
  std::stable_sort(report.changes.begin(), report.changes.end(),
                   [](const DriftChange& a, const DriftChange& b) {
                     return a.change.breaking > b.change.breaking;
                   });
  std::sort(breaking_ids.begin(), breaking_ids.end());
  breaking_ids.erase(std::unique(breaking_ids.begin(), breaking_ids.end()), breaking_ids.end());
  store::DriftRepository repo(db);
  ASSIGN_OR_RETURN(auto uses, repo.Uses(project_id, breaking_ids, now - kDriftTraceWindowMs, now));
  ASSIGN_OR_RETURN(auto partner_list, repo.Partners(project_id));
  std::map<std::string, std::string> names(partner_list.begin(), partner_list.end());
  std::set<std::string> affected;
  for (auto& c : report.changes) {
    if (!c.change.breaking || c.operation_id.empty()) continue;
    std::map<std::string, DriftPartner> by_partner;
    for (const auto& use : uses) {
      if (use.operation_id != c.operation_id || !names.contains(use.partner_org_id)) continue;
      DriftPartner& p = by_partner[use.partner_org_id];
      p.id = use.partner_org_id;
      p.name = names[use.partner_org_id];
      p.certified = p.certified || use.kind == "certified_run";
      p.evidence.push_back(use);
    }
    for (auto& [id, p] : by_partner) {
      affected.insert(id);
      report.touches_certified = report.touches_certified || p.certified;
      c.partners.push_back(std::move(p));
    }
  }
  report.partners.assign(affected.begin(), affected.end());
  return report;
}

absl::StatusOr<boost::json::object> DriftService::Impact(const Actor& actor,
                                                         std::string_view project_id,
                                                         std::string_view version_id) {
  if (actor.scope.is_partner())
    return absl::PermissionDeniedError("the impact across partners is the vendor's to read");
  RETURN_IF_ERROR(specs_.GetSpecVersion(actor, project_id, version_id).status());
  ASSIGN_OR_RETURN(auto kept, store::DriftRepository(db_).Get(project_id, version_id));
  if (kept && !kept->previous_version_id.empty()) {
    auto json = ParseJson(kept->report);
    if (json.ok() && json->is_object()) return json->as_object();
  }
  ASSIGN_OR_RETURN(auto previous,
                   store::DriftRepository(db_).PreviousVersion(project_id, version_id));
  if (!previous)
    return absl::NotFoundError("the project's first version has nothing to compare to");
  ASSIGN_OR_RETURN(auto before, specs_.LoadVersion(actor, project_id, *previous));
  ASSIGN_OR_RETURN(auto after, specs_.LoadVersion(actor, project_id, version_id));
  ASSIGN_OR_RETURN(auto report, CompareVersions(db_, project_id, before->loaded, after->loaded,
                                                clock_.NowMillis()));
  ASSIGN_OR_RETURN(auto from, specs_.GetSpecVersion(actor, project_id, *previous));
  ASSIGN_OR_RETURN(auto to, specs_.GetSpecVersion(actor, project_id, version_id));
  report.from_version_id = from.id;
  report.from_label = from.label;
  report.to_version_id = to.id;
  report.to_label = to.label;
  return DriftJson(report);
}

absl::StatusOr<DriftReport> DriftService::Preview(const Actor& actor, std::string_view project_id,
                                                  const std::string& document) {
  if (actor.scope.is_partner())
    return absl::PermissionDeniedError("the impact across partners is the vendor's to read");
  ASSIGN_OR_RETURN(auto newest, specs_.LatestSpecVersion(actor, project_id));
  ASSIGN_OR_RETURN(auto before, specs_.LoadVersion(actor, project_id, newest.id));
  spec::LoadedSpec after = spec::LoadSpecText("document", document);
  if (!after.spec)
    return absl::InvalidArgumentError(StrCat("document: not usable: ", after.unusable_reason));
  ASSIGN_OR_RETURN(auto report,
                   CompareVersions(db_, project_id, before->loaded, after, clock_.NowMillis()));
  report.from_version_id = newest.id;
  report.from_label = newest.label;
  return report;
}

absl::StatusOr<boost::json::object> DriftService::Usage(const Actor& actor,
                                                        std::string_view project_id) {
  if (actor.scope.is_partner())
    return absl::PermissionDeniedError("the use across partners is the vendor's to read");
  ASSIGN_OR_RETURN(auto newest, specs_.LatestSpecVersion(actor, project_id));
  ASSIGN_OR_RETURN(auto loaded, specs_.LoadVersion(actor, project_id, newest.id));
  std::vector<std::string> ids;
  for (const auto& op : loaded->loaded.spec->operations) ids.push_back(op.operation_id);
  const std::int64_t now = clock_.NowMillis();
  store::DriftRepository repo(db_);
  ASSIGN_OR_RETURN(auto uses, repo.Uses(project_id, ids, now - kDriftTraceWindowMs, now));
  ASSIGN_OR_RETURN(auto partner_list, repo.Partners(project_id));
  std::map<std::string, std::string> names(partner_list.begin(), partner_list.end());
  boost::json::array operations;
  for (const auto& op : loaded->loaded.spec->operations) {
    std::map<std::string, boost::json::object> partners;
    for (const auto& use : uses) {
      if (use.operation_id != op.operation_id || !names.contains(use.partner_org_id)) continue;
      auto& p = partners[use.partner_org_id];
      if (p.empty())
        p = {{"id", use.partner_org_id},
             {"name", names[use.partner_org_id]},
             {"certified", false},
             {"evidence", boost::json::array()}};
      if (use.kind == "certified_run") p["certified"] = true;
      p["evidence"].as_array().push_back(UseJson(use));
    }
    boost::json::array list;
    for (auto& [id, p] : partners) list.push_back(std::move(p));
    operations.push_back({{"method", spec::MethodToken(op.method)},
                          {"path", op.path},
                          {"operation_id", op.operation_id},
                          {"partners", std::move(list)}});
  }
  return boost::json::object{{"spec_version", {{"id", newest.id}, {"label", newest.label}}},
                             {"since", FormatTimestamp(now - kDriftTraceWindowMs)},
                             {"operations", std::move(operations)}};
}

absl::Status DriftService::Report(const store::SpecVersion& version) {
  const Actor vendor = VendorActor(version.org_id);
  store::DriftRepository repo(db_);
  ASSIGN_OR_RETURN(auto previous, repo.PreviousVersion(version.project_id, version.id));
  if (!previous) return absl::OkStatus();  // a first version drifts from nothing
  ASSIGN_OR_RETURN(auto before, specs_.LoadVersion(vendor, version.project_id, *previous));
  ASSIGN_OR_RETURN(auto after, specs_.LoadVersion(vendor, version.project_id, version.id));
  ASSIGN_OR_RETURN(auto from, specs_.GetSpecVersion(vendor, version.project_id, *previous));
  const std::int64_t now = clock_.NowMillis();
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    // Use as of when the version was stored: certificates it makes stale still count.
    ASSIGN_OR_RETURN(auto report, CompareVersions(tx, version.project_id, before->loaded,
                                                  after->loaded, version.created_at));
    report.from_version_id = from.id;
    report.from_label = from.label;
    report.to_version_id = version.id;
    report.to_label = version.label;
    const boost::json::object json = DriftJson(report);
    store::DriftRepository drift(tx);
    RETURN_IF_ERROR(
        drift.Put({version.id, version.project_id, from.id, boost::json::serialize(json),
                   report.breaking, static_cast<std::int64_t>(report.partners.size()), now}));
    if (report.breaking == 0) return absl::OkStatus();
    Event event;
    event.type = "spec.drift";
    event.org_id = version.org_id;
    event.project_id = version.project_id;
    event.title =
        StrCat("Spec version ", version.label, " of {project} has ", report.breaking,
               " breaking change", report.breaking == 1 ? "" : "s", "; ", report.partners.size(),
               " partner", report.partners.size() == 1 ? "" : "s", " affected",
               report.touches_certified ? ", certified ones among them" : "");
    event.link = StrCat("/projects/", version.project_id, "/specs?impact=", version.id);
    event.data = {{"from", json.at("from")},
                  {"to", json.at("to")},
                  {"breaking", report.breaking},
                  {"partners_affected", json.at("partners_affected")},
                  {"touches_certified", report.touches_certified}};
    RETURN_IF_ERROR(EnqueueEvent(tx, event, now));
    // Each partner touched finds the change on its board, open, with what it used.
    store::PlanRepository plans(tx);
    for (const auto& partner : report.partners) {
      ASSIGN_OR_RETURN(auto items, plans.ListItems(version.project_id, partner));
      if (items.empty()) continue;  // no board yet: it shows the drift when it is seeded
      const store::PlanItemRecord* current = nullptr;
      for (const auto& item : items)
        if (item.status != "done" && current == nullptr) current = &item;
      if (current == nullptr) current = &items.back();
      std::int64_t position = 0;
      for (const auto& item : items)
        if (item.phase == current->phase) position = std::max(position, item.position + 1);
      std::string description = StrCat("Spec version ", version.label, " changes what you use:\n");
      for (const auto& c : report.changes)
        for (const auto& p : c.partners)
          if (p.id == partner) {
            description += StrCat("\n- ", c.change.message, " (", c.change.operation, "; your ");
            for (std::size_t i = 0; i < p.evidence.size(); ++i)
              description +=
                  StrCat(i == 0 ? "" : ", ", p.evidence[i].kind == "trace" ? "calls"
                                             : p.evidence[i].kind == "saved_case"
                                                 ? "saved case " + p.evidence[i].detail
                                                 : "certified run " + p.evidence[i].detail);
            description += ")";
          }
      store::PlanItemRecord item;
      item.id = NewId("pli");
      item.org_id = version.org_id;
      item.project_id = version.project_id;
      item.partner_org_id = partner;
      item.phase = current->phase;
      item.phase_name = current->phase_name;
      item.position = position;
      item.item_key = "drift-" + version.id;
      item.title = StrCat("Adapt to spec version ", version.label);
      item.description = description.substr(0, 4000);
      item.owner_side = "partner";
      item.created_at = item.updated_at = now;
      RETURN_IF_ERROR(plans.InsertItems({item}));
    }
    return absl::OkStatus();
  });
}

void DriftService::OnSpecVersionAdded(const store::SpecVersion& version) {
  if (auto reported = Report(version); !reported.ok())
    log::Event("warn", "spec drift not reported",
               {{"spec_version_id", version.id}, {"error", std::string(reported.message())}});
}

void DriftService::CatchUp() {
  auto pending = store::DriftRepository(db_).VersionsWithoutReport(100);
  if (!pending.ok()) return;
  for (const auto& id : *pending) {
    auto owner = store::DriftRepository(db_).VersionOwner(id);
    if (!owner.ok() || !*owner) continue;
    auto version = specs_.GetSpecVersion(VendorActor((*owner)->second), (*owner)->first, id);
    if (version.ok()) OnSpecVersionAdded(*version);
  }
}

}  // namespace icopilot::services
