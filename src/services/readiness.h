// A partner's readiness report (docs/readiness.md): per environment, the required golden
// categories with the verdicts of the run that decides them, failures, warnings and "could
// not set up" gaps apart; the partner's traffic per operation; its open plan items; the
// vendor's notes it acknowledged. Read from the stored evidence each time it is asked for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "services/actor.h"
#include "store/database.h"
#include "store/readiness_repository.h"
#include "store/records.h"

namespace icopilot::services {

class PlanService;

inline constexpr std::int64_t kReadinessTrafficDays = 7;
inline constexpr int kReadinessTrafficLines = 100;

struct ReadinessCategory {
  std::string category;
  bool required = false;
  std::string verdict;  // passed, failed, warning, not_set_up, not_run
  std::int64_t passed = 0;
  std::int64_t failed = 0;  // failed and error
  std::int64_t warnings = 0;
  std::int64_t not_set_up = 0;
};

struct ReadinessCase {
  std::int64_t position = 0;
  std::string case_id;
  std::string category;
  std::string operation_id;
  std::string status;
  std::string reason;
};

struct ReadinessEnvironment {
  std::string id;  // "mock" for the hosted mock
  std::string name;
  // ready: the deciding run covered the profile and passed; blocked: it failed a required
  // case; incomplete: only runs that left part of the profile out; no_run.
  std::string verdict = "no_run";
  std::optional<store::RunRecord> run;  // the deciding run
  std::vector<ReadinessCategory> categories;
  std::vector<ReadinessCase> failures;  // required cases failed or in error
  std::vector<ReadinessCase> warnings;
  std::vector<ReadinessCase> gaps;  // could not be set up
  std::int64_t required_gaps = 0;   // of them, required: these fail a run too
};

struct ReadinessReport {
  std::string project_id;
  std::string project_name;
  std::string partner_org_id;
  std::string partner_name;
  std::int64_t invited_at = 0;
  std::int64_t generated_at = 0;
  std::vector<ReadinessEnvironment> environments;
  std::int64_t traffic_since = 0;
  std::vector<store::ReadinessRepository::OperationTraffic> traffic;
  std::vector<store::PlanItemRecord> open_items;
  std::vector<store::ReadinessRepository::Note> notes;
};

// What holds an environment back, in words: "2 required cases failed", or "1 required case
// could not be set up" when nothing failed.
std::string BlockedBy(const ReadinessEnvironment& env);

class ReadinessService {
 public:
  ReadinessService(store::Database& db, const Clock& clock, PlanService& plans)
      : db_(db), clock_(clock), plans_(plans) {}

  // The vendor reads any of its partners'; a partner its own. Brings the board up to date
  // first, as reading it does.
  absl::StatusOr<ReadinessReport> Report(const Actor& actor, std::string_view project_id,
                                         std::string_view partner_org_id);

  // Where the portals answer, for links in rendered reports; set before the server serves.
  void SetPortalUrl(std::string url) { portal_url_ = std::move(url); }
  const std::string& portal_url() const { return portal_url_; }

 private:
  store::Database& db_;
  const Clock& clock_;
  PlanService& plans_;
  std::string portal_url_;
};

}  // namespace icopilot::services
