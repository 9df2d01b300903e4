// Plan boards (docs/plan-board.md): one per partner per project, seeded from the project's
// template the first time anyone (or any evidence) needs it. People move the items evidence
// cannot decide; the others complete themselves and reopen when their evidence turns
// (traces, runs, acknowledged notes), each change naming the evidence that moved it.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "services/actor.h"
#include "services/plan_template.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::services {

inline constexpr std::size_t kMaxPlanLinks = 20;
inline constexpr std::size_t kMaxPlanComment = 4000;

struct PlanBoard {
  std::string project_id;
  std::string partner_org_id;
  std::string partner_name;
  std::int64_t invited_at = 0;
  std::vector<store::PlanItemRecord> items;  // phase, then position order
};

// One partner's line in the vendor's overview.
struct PlanStanding {
  std::string partner_org_id;
  std::string partner_name;
  std::int64_t invited_at = 0;
  std::int64_t phase = 0;  // the first phase with an open item; the phase count when all done
  std::string phase_name;  // "" when every item is done
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::int64_t overdue = 0;
  std::optional<store::PlanItemRecord> next;  // the first open item of that phase
};

// A new item on one partner's board (the vendor adds it).
struct PlanItemInput {
  std::int64_t phase = 0;
  std::string title;
  std::string description;
  std::string owner_side = "partner";
  std::string assignee;
  std::optional<std::int64_t> due_at;
};

// A change to an item; absent fields stay.
struct PlanItemPatch {
  std::optional<std::string> status;  // open, done
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> assignee;
  std::optional<std::optional<std::int64_t>> due_at;  // a value, or cleared
  std::optional<boost::json::array> links;
};

class PlanService {
 public:
  PlanService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The project's template: the vendor's, else the default.
  absl::StatusOr<PlanTemplate> GetTemplate(const Actor& actor, std::string_view project_id);
  // Boards seeded later follow it; boards already seeded keep their items.
  absl::StatusOr<PlanTemplate> SetTemplate(const Actor& actor, std::string_view project_id,
                                           const PlanTemplate& plan);

  // The partner's board (seeded on first read). A partner reads only its own.
  absl::StatusOr<PlanBoard> Board(const Actor& actor, std::string_view project_id,
                                  std::string_view partner_org_id);
  // Every partner of the project where it stands (the vendor's).
  absl::StatusOr<std::vector<PlanStanding>> Overview(const Actor& actor,
                                                     std::string_view project_id);

  absl::StatusOr<store::PlanItemRecord> AddItem(const Actor& actor, std::string_view project_id,
                                                std::string_view partner_org_id,
                                                const PlanItemInput& input);
  // A partner moves and assigns the partner's items evidence does not decide, and links
  // evidence to them; the vendor changes anything, and may decide an evidence item by
  // hand (the evidence moves it again only when it changes).
  absl::StatusOr<store::PlanItemRecord> UpdateItem(const Actor& actor, std::string_view project_id,
                                                   std::string_view partner_org_id,
                                                   std::string_view item_id,
                                                   const PlanItemPatch& patch);
  absl::Status DeleteItem(const Actor& actor, std::string_view project_id,
                          std::string_view partner_org_id, std::string_view item_id);
  // The item's history and comments, oldest first.
  absl::StatusOr<std::vector<store::PlanEventRecord>> Events(const Actor& actor,
                                                             std::string_view project_id,
                                                             std::string_view partner_org_id,
                                                             std::string_view item_id);
  absl::StatusOr<store::PlanEventRecord> Comment(const Actor& actor, std::string_view project_id,
                                                 std::string_view partner_org_id,
                                                 std::string_view item_id, std::string_view body);

  // A partner acknowledges a note of the vendor's (annotations.md).
  absl::Status Acknowledge(const Actor& actor, std::string_view project_id,
                           std::string_view annotation_id);
  absl::StatusOr<std::vector<std::string>> Acknowledged(const Actor& actor,
                                                        std::string_view project_id);

  // Evidence arrived. Errors are logged, not returned: the evidence itself is stored, and
  // the next evaluation of the board reads it again. Traces come in batches of thousands
  // on the ingest path, so they only mark their boards; RefreshPending() (the platform's
  // sweeper, every 50 ms) reads each marked board once however many traces arrived.
  // Thread-safe.
  void OnTraces(const std::vector<store::TraceRecord>& traces);
  void RefreshPending();
  void OnRunFinished(const store::RunRecord& run);
  void OnAnnotationsChanged(std::string_view project_id);

 private:
  // True when the board has no items yet or the evidence of `kinds` is news to one of them.
  absl::StatusOr<bool> EvidenceMovesBoard(std::string_view project_id,
                                          std::string_view partner_org_id,
                                          const std::vector<PlanRuleKind>& kinds);
  // Seeds the board when it has no items yet, then applies what the evidence says.
  absl::Status Refresh(std::string_view project_id, std::string_view partner_org_id,
                       const std::vector<PlanRuleKind>& kinds);
  absl::StatusOr<PlanBoard> ReadBoard(const Actor& actor, std::string_view project_id,
                                      std::string_view partner_org_id);

  store::Database& db_;
  const Clock& clock_;
  std::mutex pending_mutex_;
  std::set<std::pair<std::string, std::string>> pending_;  // (project, partner) with new traces
};

}  // namespace icopilot::services
