#include "services/run_worker.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "contract/spec_schemas.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/log.h"
#include "core/status_macros.h"
#include "core/stoppable_sleep.h"
#include "core/strings.h"
#include "golden/plan.h"
#include "golden/profile.h"
#include "golden/report.h"
#include "golden/runner.h"
#include "golden/saved_case.h"
#include "services/environment_settings.h"
#include "services/notification_events.h"
#include "services/saved_case_service.h"
#include "services/send_target.h"
#include "spec/blueprint.h"
#include "spec/load.h"
#include "store/golden_repository.h"
#include "store/mock_repository.h"
#include "store/plan_repository.h"

namespace icopilot::services {
namespace {

std::vector<std::string> StringsOf(const boost::json::object& object, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* array = object.if_contains(key); array != nullptr && array->is_array()) {
    for (const auto& item : array->as_array())
      if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

store::RunCaseRecord CaseRecord(std::size_t position, const golden::CaseResult& result) {
  boost::json::object detail = golden::CaseJson(result);
  return {static_cast<std::int64_t>(position),
          std::string(result.c->id),
          std::string(spec::CategoryName(result.c->category)),
          result.operation_id,
          std::string(golden::VerdictName(result.status)),
          result.required,
          result.reason,
          boost::json::serialize(detail)};
}

store::RunCaseRecord SavedCaseRecord(std::size_t position, const golden::SavedCaseResult& result) {
  return {static_cast<std::int64_t>(position),
          StrCat("saved:", result.saved->id),
          std::string(golden::kSavedCasesCategory),
          result.saved->operation_id,
          std::string(golden::VerdictName(result.status)),
          result.saved->required,
          result.reason,
          boost::json::serialize(golden::SavedCaseJson(result))};
}

// Whether a saved case's verdict leaves the run passed: as for the catalog's cases, a
// required one that failed, errored or could not be set up blocks it.
bool Blocks(const golden::SavedCaseResult& result) {
  return result.saved->required &&
         (result.status == golden::Verdict::kFailed || result.status == golden::Verdict::kError ||
          result.status == golden::Verdict::kNotSetUp);
}

// The run summary's name for a verdict's count.
std::string SummaryKey(golden::Verdict verdict) {
  switch (verdict) {
    case golden::Verdict::kWarning:
      return "warnings";
    case golden::Verdict::kError:
      return "errors";
    default:
      return std::string(golden::VerdictName(verdict));
  }
}

}  // namespace

RunWorker::RunWorker(store::Database& db, const SecretBox& box, const Clock& clock,
                     RunWorkerOptions options)
    : db_(db),
      box_(box),
      clock_(clock),
      options_(std::move(options)),
      instance_(StrCat("ins_", RandomToken(9))) {}

RunWorker::~RunWorker() { Stop(); }

void RunWorker::Stop() {
  thread_.request_stop();
  wake_.notify_all();
}

void RunWorker::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void RunWorker::Notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_all();
}

void RunWorker::Loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      // Also wakes every few seconds: a run queued by another instance sharing the
      // database, or one whose lease ran out, is picked up too.
      const auto poll =
          std::chrono::milliseconds(std::min<std::int64_t>(5000, options_.lease_ms / 2));
      wake_.wait_for(lock, stop, poll, [this] { return pending_; });
      pending_ = false;
    }
    while (!stop.stop_requested()) {
      auto claimed = store::GoldenRepository(db_).ClaimNextRun(clock_.NowMillis(), instance_,
                                                               options_.lease_ms);
      if (!claimed.ok() || !claimed->has_value()) break;
      Execute(**claimed, stop);
    }
  }
}

void RunWorker::Execute(const store::RunRecord& run, std::stop_token stop) {
  log::Event("info", run.attempts > 1 ? "run resumed" : "run started",
             {{"run_id", run.id}, {"project_id", run.project_id}, {"attempt", run.attempts}});
  // The run stops when the server stops or when the lease is lost.
  std::stop_source run_stop;
  std::stop_callback stopping(stop, [&run_stop] { run_stop.request_stop(); });
  absl::Status status;
  {
    std::jthread heartbeat([&](std::stop_token done) { Heartbeat(run.id, done, run_stop); });
    status = ExecuteOrError(run, run_stop.get_token());
  }
  store::GoldenRepository runs(db_);
  if (stop.stop_requested()) {
    // Not a failure of the run: another instance, or this one restarted, runs it again.
    (void)runs.ReleaseRun(run.id, instance_);
    log::Event("info", "run released", {{"run_id", run.id}});
  } else if (absl::IsAborted(status) || run_stop.stop_requested()) {
    log::Event("warn", "run taken over by another instance", {{"run_id", run.id}});
  } else if (!status.ok()) {
    (void)runs.FailRun(run.id, instance_, std::string(status.message()), clock_.NowMillis());
    log::Event("warn", "run failed",
               {{"run_id", run.id}, {"error", std::string(status.message())}});
  }
}

void RunWorker::Heartbeat(const std::string& run_id, std::stop_token done,
                          std::stop_source& run_stop) {
  const auto every = std::chrono::milliseconds(std::max<std::int64_t>(1, options_.lease_ms / 3));
  while (SleepUnlessStopped(done, every)) {
    auto held = store::GoldenRepository(db_).RenewLease(run_id, instance_,
                                                        clock_.NowMillis() + options_.lease_ms);
    // A database that does not answer is not a lost lease: the next beat tries again.
    if (held.ok() && !*held) {
      run_stop.request_stop();
      return;
    }
  }
}

// run.failed, or run.recovered after a failed one; category.regressed for each required
// category that passed in the requester's previous run there and fails now.
absl::Status RunWorker::NotifyRunFinished(store::SqlExecutor& tx, const store::RunRecord& run,
                                          bool passed, const golden::RunSummary& counts,
                                          const boost::json::object& summary, std::int64_t now) {
  ASSIGN_OR_RETURN(auto runs, store::PlanRepository(tx).FinishedRuns(
                                  run.project_id, run.requester_org_id, run.environment_id, 2));
  const store::PlanRepository::RunFact* before = nullptr;
  const store::PlanRepository::RunFact* current = nullptr;
  for (const auto& fact : runs) (fact.id == run.id ? current : before) = &fact;
  Event event;
  event.org_id = run.org_id;
  event.project_id = run.project_id;
  if (run.requester_org_id != run.org_id) event.partner_org_id = run.requester_org_id;
  event.environment_id = run.environment_id;
  event.link = StrCat("/projects/", run.project_id, "/runs/", run.id);
  const std::string whose = event.partner_org_id.empty() ? "The vendor's" : "{partner}'s";
  if (!passed || (before != nullptr && !before->passed)) {
    event.type = passed ? "run.recovered" : "run.failed";
    event.title =
        StrCat(whose, " golden run in {environment} ", passed ? "passed again" : "failed", " (",
               counts.failed, " failed, ", counts.errors, " errors, ", counts.passed, " passed)");
    event.data = {{"run_id", run.id},
                  {"spec_version_id", run.spec_version_id},
                  {"passed", passed},
                  {"summary", summary}};
    RETURN_IF_ERROR(EnqueueEvent(tx, event, now));
  }
  if (before == nullptr || current == nullptr || passed) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto required_before,
                   store::GoldenRepository(tx).RequiredCategories(before->id));
  for (const auto& category : current->failed_categories) {
    const bool was_required = std::find(required_before.begin(), required_before.end(), category) !=
                              required_before.end();
    const bool failed_before =
        std::find(before->failed_categories.begin(), before->failed_categories.end(), category) !=
        before->failed_categories.end();
    if (!was_required || failed_before) continue;
    event.type = "category.regressed";
    event.title = StrCat(whose, " required category ", category,
                         " regressed in {environment}: it passed in the previous run");
    event.data = {{"run_id", run.id},
                  {"previous_run_id", before->id},
                  {"category", category},
                  {"spec_version_id", run.spec_version_id}};
    RETURN_IF_ERROR(EnqueueEvent(tx, event, now));
  }
  return absl::OkStatus();
}

absl::Status RunWorker::ExecuteOrError(const store::RunRecord& run, std::stop_token stop) {
  store::GoldenRepository repository(db_);
  ASSIGN_OR_RETURN(auto inputs, repository.LoadRunInputs(run));
  auto loaded = std::make_shared<spec::LoadedSpec>(
      spec::LoadSpecText(inputs.document_label, inputs.document, spec::StoredVersion()));
  if (!loaded->spec) return absl::FailedPreconditionError("the spec version cannot be loaded");
  auto options_json = ParseJson(run.options);
  if (!options_json.ok() || !options_json->is_object())
    return absl::DataLossError("the run's options are not readable");
  const boost::json::object& options = options_json->as_object();

  const TargetOptions target_options{options_.server_url, options_.allow_private_targets};
  golden::Target target;
  if (run.environment_id == "mock") {
    const auto* mock_id = options.if_contains("mock_id");
    if (mock_id == nullptr || !mock_id->is_string())
      return absl::DataLossError("the run names no hosted mock");
    ASSIGN_OR_RETURN(auto serving, store::MockRepository(db_).FindForServing(mock_id->as_string()));
    ASSIGN_OR_RETURN(target, MockTarget(box_, serving.mock, target_options));
  } else {
    ASSIGN_OR_RETURN(target, EnvironmentTarget(box_, *inputs.environment,
                                               inputs.partner_credentials, target_options));
  }
  // The run's own values win over the environment's.
  if (const auto* values = options.if_contains("parameter_values");
      values != nullptr && values->is_object()) {
    for (const auto& value : values->as_object()) {
      if (!value.value().is_string()) continue;
      const std::string name(value.key());
      std::erase_if(target.parameter_values,
                    [&](const auto& entry) { return entry.first == name; });
      target.parameter_values.emplace_back(name, std::string(value.value().as_string()));
    }
  }

  const spec::Blueprint blueprint = spec::BuildBlueprint(*loaded->spec);
  const golden::Profile profile = golden::ProfileWithOverrides(blueprint, inputs.profile);
  golden::PlanOptions plan_options;
  if (const auto* read_only = options.if_contains("read_only"); read_only && read_only->is_bool())
    plan_options.read_only = read_only->as_bool();
  // Checked when the run was queued: a name no longer known is left out.
  for (const std::string& name : StringsOf(options, "categories")) {
    if (auto category = spec::ParseCategory(name)) plan_options.categories.push_back(*category);
  }
  plan_options.exclude_operations = StringsOf(options, "exclude_operations");
  if (const auto* only = options.if_contains("case"); only && only->is_string())
    plan_options.only_case = std::string(only->as_string());
  const auto plan = golden::PlanRun(*loaded->spec, blueprint, profile, plan_options);
  // Only a run of every required category can show they all pass (plan boards read this).
  bool covers_profile = plan_options.only_case.empty() && plan_options.exclude_operations.empty();
  for (const auto& category : profile.categories) {
    if (category.requirement != golden::Requirement::kRequired || plan_options.categories.empty())
      continue;
    covers_profile =
        covers_profile && std::find(plan_options.categories.begin(), plan_options.categories.end(),
                                    category.id) != plan_options.categories.end();
  }
  contract::SpecSchemas schemas(*loaded);
  // Readers poll the run: its summary holds the counts so far, written at most every
  // 250 ms (a lost write only delays the next).
  // The partner's own saved cases and the project's for every partner run after the suite.
  const std::string partner = run.requester_org_id != run.org_id ? run.requester_org_id : "";
  ASSIGN_OR_RETURN(auto saved, SavedCasesForRun(db_, *loaded->spec, run.project_id, partner));
  const std::size_t total = plan.size() + saved.size();
  boost::json::object so_far{{"done", 0}, {"total", total}};
  std::int64_t written_at = 0;
  auto progress = [&](golden::Verdict status, std::size_t done) {
    const std::string verdict = SummaryKey(status);
    so_far["done"] = done;
    so_far["total"] = total;
    so_far[verdict] = (so_far.contains(verdict) ? so_far[verdict].as_int64() : 0) + 1;
    const std::int64_t now = clock_.NowMillis();
    if (now - written_at < 250) return;
    written_at = now;
    if (auto written =
            store::GoldenRepository(db_).SetRunProgress(run.id, boost::json::serialize(so_far));
        !written.ok())
      log::Event("warn", "run progress not written", {{"error", std::string(written.message())}});
  };
  golden::RunReport report = golden::RunSuite(
      {*loaded->spec, blueprint, schemas, plan, plan_options.read_only, stop}, target,
      options_.limits, [&](const golden::CaseResult& result, std::size_t done, std::size_t) {
        progress(result.status, done);
      });
  std::vector<golden::SavedCaseResult> saved_results;
  std::size_t saved_requests = 0;
  if (!saved.empty() && !stop.stop_requested()) {
    golden::Session session(*loaded->spec, target, options_.limits, stop);
    golden::Credentials credentials(*loaded->spec, session);
    for (const golden::SavedCase& one : saved) {
      saved_results.push_back(
          golden::RunSavedCase(*loaded->spec, schemas, session, credentials, one));
      progress(saved_results.back().status, report.cases.size() + saved_results.size());
    }
    saved_requests = session.requests_sent();
  }
  if (stop.stop_requested()) return absl::CancelledError("the run was stopped");

  std::vector<store::RunCaseRecord> cases;
  golden::RunSummary counts = report.summary;
  for (std::size_t i = 0; i < report.cases.size(); ++i)
    cases.push_back(CaseRecord(i, report.cases[i]));
  bool passed = report.Passed();
  for (const auto& result : saved_results) {
    cases.push_back(SavedCaseRecord(cases.size(), result));
    golden::Count(result.status, counts);
    passed = passed && !Blocks(result);
  }
  boost::json::object summary{{"passed", counts.passed},
                              {"warnings", counts.warnings},
                              {"failed", counts.failed},
                              {"errors", counts.errors},
                              {"not_set_up", counts.not_set_up},
                              {"skipped", counts.skipped},
                              {"not_applicable", counts.not_applicable},
                              {"saved_cases", saved_results.size()},
                              {"covers_profile", covers_profile},
                              {"done", cases.size()},
                              {"total", cases.size()},
                              {"requests", report.requests + saved_requests},
                              {"duration_ms", static_cast<std::int64_t>(report.duration_ms)}};
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::GoldenRepository runs(tx);
    const std::int64_t now = clock_.NowMillis();
    RETURN_IF_ERROR(
        runs.FinishRun(run.id, instance_, cases, boost::json::serialize(summary), passed, now));
    // Its notifications commit with the run's result, or neither does.
    return NotifyRunFinished(tx, run, passed, counts, summary, now);
  }));
  if (options_.on_notified) options_.on_notified();
  log::Event("info", "run finished",
             {{"run_id", run.id}, {"passed", passed}, {"cases", cases.size()}});
  if (options_.on_finished) options_.on_finished(run);
  return absl::OkStatus();
}

}  // namespace icopilot::services
