// Plan boards on a real SQLite file: the template's checks, which runs cover a profile,
// and the trace rules moving items as traces arrive (fewer calls than the rule reads decide
// nothing; one violation reopens; another partner's or environment's calls count for
// nothing).
#include "services/plan_service.h"

#include <atomic>
#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "services/fake_clock.h"
#include "services/identity_service.h"
#include "services/plan_evidence.h"
#include "services/project_service.h"
#include "services/violation_alerts.h"
#include "store/notification_repository.h"
#include "store/plan_repository.h"
#include "store/trace_repository.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::services {
namespace {

absl::Status TemplateError(std::string_view json) {
  return ReadPlanTemplate(boost::json::parse(json)).status();
}

TEST(PlanTemplate, MistakesAreNamedWhereTheyAre) {
  EXPECT_TRUE(ReadPlanTemplate(PlanTemplateJson(DefaultPlanTemplate())).ok())
      << "the default reads back";
  EXPECT_EQ(TemplateError(R"({"phases": []})").message(), "phases: a list of at least one phase");
  EXPECT_EQ(TemplateError(R"({"phases": [{"name": "P", "items": [{"key": "A b", "title": "x"}]}]})")
                .message(),
            "phases[0].items[0].key: lower-case letters, digits and '-', at most 64");
  EXPECT_EQ(TemplateError(R"({"phases": [{"name": "P", "items": [
                {"key": "a", "title": "x", "rule": {"kind": "first_success"}}]}]})")
                .message(),
            "phases[0].items[0].rule.environment: required: an environment's name, or \"mock\"");
  EXPECT_EQ(TemplateError(R"({"phases": [{"name": "P", "items": [
                {"key": "a", "title": "x", "rule": {"kind": "golden_passing", "environment": "S",
                 "last": 3}}]}]})")
                .message(),
            "phases[0].items[0].rule.last: only for no_violations");
  EXPECT_EQ(TemplateError(R"({"phases": [{"name": "P", "items": [
                {"key": "a", "title": "x", "owner": "vendor",
                 "rule": {"kind": "no_violations"}}]}]})")
                .message(),
            "phases[0].items[0].owner: an item evidence decides is the partner's");
  EXPECT_EQ(TemplateError(R"({"phases": [{"name": "P", "colour": "red"}]})").message(),
            "phases[0].colour: unknown field");
  EXPECT_EQ(
      TemplateError(
          R"({"phases": [{"name": "P", "items": [{"key": "a", "title": "x", "due_days": -1}]}]})")
          .message(),
      "phases[0].items[0].due_days: an integer from 0 to 3650");
}

TEST(PlanEvidence, OnlyARunOfEveryRequiredCategoryCoversTheProfile) {
  EXPECT_TRUE(RunCoversProfile("{}", R"({"covers_profile": true})"));
  EXPECT_FALSE(RunCoversProfile("{}", R"({"covers_profile": false})"));
  // Runs stored before the summary said so: read from their options.
  EXPECT_TRUE(RunCoversProfile(R"({"categories": [], "read_only": true})", "{}"));
  EXPECT_FALSE(RunCoversProfile(R"({"categories": ["authentication"]})", "{}"));
  EXPECT_FALSE(RunCoversProfile(R"({"case": "auth.no_credentials"})", "{}"));
  EXPECT_FALSE(RunCoversProfile(R"({"exclude_operations": ["x"]})", "{}"));
  EXPECT_FALSE(RunCoversProfile("not json", "{}"));
}

class PlanTraceRules : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    auto db = testing::OpenTestDatabase(dir_.path());
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    identity_ = std::make_unique<IdentityService>(*db_, clock_);
    projects_ = std::make_unique<ProjectService>(*db_, clock_, *identity_);
    plans_ = std::make_unique<PlanService>(*db_, clock_);
    auto vendor = identity_->CreateOrg("Acme", "vendor", "o@acme.test", std::nullopt, "");
    ASSERT_TRUE(vendor.ok());
    owner_ = {{vendor->org.id, vendor->owner.id, store::Role::kOwner}, "", ""};
    auto project = projects_->Create(owner_, "Payments", "");
    ASSERT_TRUE(project.ok());
    project_ = project->id;
    for (const auto& [name, org] : {std::pair<std::string, std::string*>{"A", &a_},
                                    std::pair<std::string, std::string*>{"B", &b_}}) {
      auto partner = projects_->InvitePartner(owner_, project_, name, "dev@" + name + ".test");
      ASSERT_TRUE(partner.ok()) << partner.status();
      *org = partner->org.id;
    }
    for (const char* name : {"Sandbox", "UAT"}) {
      ASSERT_TRUE(db_->Execute("INSERT INTO environments (id, org_id, project_id, name, base_url, "
                               "verify_tls, timeout_ms, settings_sealed, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?, 'https://x.example', 1, 1000, '', 0, 0)",
                               {std::string("env_") + name, owner_.scope.org_id, project_,
                                std::string(name)})
                      .ok());
    }
    auto plan = ReadPlanTemplate(boost::json::parse(R"({"phases": [{"name": "Sandbox", "items": [
        {"key": "first", "title": "First", "rule": {"kind": "first_success", "environment": "sandbox"}},
        {"key": "clean", "title": "Clean", "rule": {"kind": "no_violations", "environment": "Sandbox", "last": 3}}]}]})"));
    ASSERT_TRUE(plan.ok()) << plan.status();
    ASSERT_TRUE(plans_->SetTemplate(owner_, project_, *plan).ok());
  }

  // Stores one call of `partner` and tells the plans, as the trace service does.
  std::string Trace(const std::string& partner, const std::string& environment, int status,
                    int violations) {
    clock_.Advance(1000);
    store::TraceRecord trace;
    trace.org_id = owner_.scope.org_id;
    trace.project_id = project_;
    trace.environment_id = environment;
    trace.partner_org_id = partner;
    trace.source = "ingest";
    trace.operation_id = "createPayment";
    trace.method = "POST";
    trace.status = status;
    trace.violation_count = violations;
    trace.created_at = clock_.NowMillis();
    trace.received_at = trace.created_at;
    trace.record = "{}";
    std::vector<store::TraceRecord> rows{trace};
    EXPECT_TRUE(store::TraceRepository(*db_).InsertTraces(rows).ok());
    plans_->OnTraces(rows);
    plans_->RefreshPending();  // the platform's sweeper, every 50 ms
    return rows[0].id;
  }

  // The stored item, read without refreshing the board.
  store::PlanItemRecord Stored(const std::string& partner, const std::string& key) {
    auto items = store::PlanRepository(*db_).ListItems(project_, partner);
    EXPECT_TRUE(items.ok());
    for (const auto& item : *items)
      if (item.item_key == key) return item;
    ADD_FAILURE() << "no item " << key << " on " << partner << "'s board";
    return {};
  }

  std::string EvidenceId(const store::PlanItemRecord& item) {
    if (item.evidence.empty()) return "";
    return std::string(boost::json::parse(item.evidence).at("id").as_string());
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<IdentityService> identity_;
  std::unique_ptr<ProjectService> projects_;
  std::unique_ptr<PlanService> plans_;
  Actor owner_;
  std::string project_, a_, b_;
};

TEST_F(PlanTraceRules, ItemsMoveAsTracesArriveAndSayWhich) {
  Trace(a_, "env_UAT", 200, 0);
  EXPECT_EQ(Stored(a_, "first").status, "open") << "a success in UAT is not one in the Sandbox";
  Trace(a_, "env_Sandbox", 500, 0);
  EXPECT_EQ(Stored(a_, "first").status, "open");
  const std::string success = Trace(a_, "env_Sandbox", 201, 0);
  EXPECT_EQ(Stored(a_, "first").status, "done");
  EXPECT_EQ(EvidenceId(Stored(a_, "first")), success);
  EXPECT_EQ(Stored(a_, "clean").status, "open") << "two Sandbox calls, the rule reads three";
  EXPECT_TRUE(store::PlanRepository(*db_).ListItems(project_, b_)->empty())
      << "B's board is seeded only when needed";

  const std::string third = Trace(a_, "env_Sandbox", 200, 0);
  EXPECT_EQ(Stored(a_, "clean").status, "done");
  EXPECT_EQ(EvidenceId(Stored(a_, "clean")), third);

  const std::string bad = Trace(a_, "env_Sandbox", 200, 2);
  store::PlanItemRecord clean = Stored(a_, "clean");
  EXPECT_EQ(clean.status, "open");
  EXPECT_EQ(clean.decided_by, "evidence");
  EXPECT_EQ(EvidenceId(clean), bad);
  EXPECT_NE(clean.evidence.find("2 contract violations"), std::string::npos) << clean.evidence;
  EXPECT_EQ(Stored(a_, "first").status, "done") << "a first success stays one";

  Trace(b_, "env_Sandbox", 200, 0);  // another partner's clean calls change nothing of A's
  Trace(b_, "env_Sandbox", 200, 0);
  Trace(b_, "env_Sandbox", 200, 0);
  EXPECT_EQ(Stored(a_, "clean").status, "open");
  EXPECT_EQ(Stored(b_, "clean").status, "done");

  Trace(a_, "env_Sandbox", 200, 0);
  Trace(a_, "env_Sandbox", 200, 0);
  EXPECT_EQ(Stored(a_, "clean").status, "open") << "the violation is still among the last 3";
  Trace(a_, "env_Sandbox", 200, 0);
  EXPECT_EQ(Stored(a_, "clean").status, "done");

  auto events = store::PlanRepository(*db_).ListEvents(Stored(a_, "clean").id, 100);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> kinds;
  for (const auto& event : *events) kinds.push_back(event.kind + "/" + event.actor_id);
  EXPECT_EQ(kinds, (std::vector<std::string>{"completed/evidence", "reopened/evidence",
                                             "completed/evidence"}));
}

// Ingest handlers mark boards from several threads while the sweeper refreshes them: every
// marked board is refreshed once its traces are stored, none twice at once in a way that
// loses an event (ThreadSanitizer runs this test).
TEST_F(PlanTraceRules, BoardsMarkedFromManyThreadsAreRefreshedWithoutARace) {
  std::atomic<bool> sending{true};
  std::thread sweeper([&] {
    while (sending) plans_->RefreshPending();
  });
  std::vector<std::thread> handlers;
  for (int t = 0; t < 4; ++t) {
    handlers.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        store::TraceRecord trace;
        trace.org_id = owner_.scope.org_id;
        trace.project_id = project_;
        trace.environment_id = "env_Sandbox";
        trace.partner_org_id = t % 2 == 0 ? a_ : b_;
        trace.source = "ingest";
        trace.method = "GET";
        trace.status = 200;
        trace.created_at = 1'790'000'000'000 + t * 100 + i;
        trace.received_at = trace.created_at;
        trace.record = "{}";
        std::vector<store::TraceRecord> rows{trace};
        EXPECT_TRUE(store::TraceRepository(*db_).InsertTraces(rows).ok());
        plans_->OnTraces(rows);
      }
    });
  }
  for (auto& handler : handlers) handler.join();
  sending = false;
  sweeper.join();
  plans_->RefreshPending();
  for (const std::string& partner : {a_, b_}) {
    EXPECT_EQ(Stored(partner, "first").status, "done");
    EXPECT_EQ(Stored(partner, "clean").status, "done");
    auto events = store::PlanRepository(*db_).ListEvents(Stored(partner, "clean").id, 100);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->size(), 1u) << "completed once";
  }
}

TEST_F(PlanTraceRules, TheOverviewPutsEachPartnerAtItsFirstOpenPhase) {
  Trace(a_, "env_Sandbox", 201, 0);
  auto overview = plans_->Overview(owner_, project_);
  ASSERT_TRUE(overview.ok()) << overview.status();
  ASSERT_EQ(overview->size(), 2u);
  const PlanStanding& a = (*overview)[0].partner_org_id == a_ ? (*overview)[0] : (*overview)[1];
  const PlanStanding& b = (*overview)[0].partner_org_id == a_ ? (*overview)[1] : (*overview)[0];
  EXPECT_EQ(a.done, 1);
  EXPECT_EQ(a.total, 2);
  ASSERT_TRUE(a.next.has_value());
  EXPECT_EQ(a.next->item_key, "clean");
  EXPECT_EQ(b.done, 0) << "seeded by the overview, nothing done";
  ASSERT_TRUE(b.next.has_value());
  EXPECT_EQ(b.next->item_key, "first");

  Actor partner_a{{a_, "", store::Role::kPartnerAdmin}, "", ""};
  EXPECT_EQ(plans_->Overview(partner_a, project_).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(plans_->Board(partner_a, project_, b_).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace icopilot::services

namespace icopilot::services {
namespace {

// Notifications the plan raises (docs/notifications.md), read from the outbox: a phase
// completed, once per completion, for the partner that completed it; and the hourly
// alert on contract violations above a channel's threshold.
TEST_F(PlanTraceRules, APhaseCompletedAndViolationsAboveTheThresholdAreNotified) {
  store::ChannelRecord channel;
  channel.id = "nch_ops";
  channel.org_id = owner_.scope.org_id;
  channel.project_id = project_;
  channel.kind = "webhook";
  channel.name = "ops";
  channel.url = "https://ops.example/hook";
  channel.settings = "{}";
  channel.events = R"(["plan.phase_completed", "traces.violations"])";
  channel.violations_per_hour = 1;
  ASSERT_TRUE(store::NotificationRepository(*db_).InsertChannel(channel).ok());
  auto queued = [&](const std::string& type) {
    store::PageRequest page;
    page.limit = 100;
    std::vector<boost::json::value> events;
    auto listed = store::NotificationRepository(*db_).ListNotifications(project_, "", page);
    EXPECT_TRUE(listed.ok());
    for (const auto& n : listed->items)
      if (n.event_type == type) events.push_back(boost::json::parse(n.payload));
    return events;
  };

  Trace(a_, "env_Sandbox", 201, 0);
  Trace(a_, "env_Sandbox", 200, 0);
  EXPECT_TRUE(queued("plan.phase_completed").empty()) << "one item of the phase is still open";
  Trace(a_, "env_Sandbox", 200, 0);
  auto completed = queued("plan.phase_completed");
  ASSERT_EQ(completed.size(), 1u);
  EXPECT_EQ(completed[0].at("partner").at("id").as_string(), a_);
  EXPECT_EQ(completed[0].at("data").at("phase_name"), "Sandbox");
  EXPECT_EQ(completed[0].at("title"), "A completed the Sandbox phase of its plan");
  Trace(a_, "env_Sandbox", 200, 0);
  EXPECT_EQ(queued("plan.phase_completed").size(), 1u) << "a phase done stays done: no repeat";

  // Two violations in the hour, above the threshold of one: one alert, not one a minute.
  Trace(b_, "env_Sandbox", 200, 2);
  EXPECT_EQ(*CheckViolationAlerts(*db_, clock_), 1);
  EXPECT_EQ(*CheckViolationAlerts(*db_, clock_), 0);
  auto alerts = queued("traces.violations");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].at("data").at("violations"), 2);
  clock_.Advance(2 * 3'600'000);
  EXPECT_EQ(*CheckViolationAlerts(*db_, clock_), 0) << "none in the last hour";
}

}  // namespace
}  // namespace icopilot::services
