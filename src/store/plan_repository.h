#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// Plan boards: the project's template, each partner's items and their history, and the
// facts evidence rules read (traces, runs, acknowledged annotations). The vendor that owns
// the project sees every partner's board; a partner only its own. Another org's boards
// are NotFound.
class PlanRepository {
 public:
  explicit PlanRepository(SqlExecutor& db) : db_(db) {}

  // The vendor's template (JSON text); nullopt while the project uses the default.
  absl::StatusOr<std::optional<std::string>> GetTemplate(const Scope& scope,
                                                         std::string_view project_id);
  absl::Status SetTemplate(const Scope& scope, std::string_view project_id, const std::string& text,
                           std::int64_t now);
  // For seeding a board, whoever triggers it.
  absl::StatusOr<std::optional<std::string>> TemplateOf(std::string_view project_id);

  struct Membership {
    std::string project_org_id;  // the vendor
    std::string partner_name;
    std::int64_t invited_at = 0;
  };
  // NotFound unless `scope` may read the partner's board: the project's vendor, or the
  // partner itself; and the partner was invited to the project.
  absl::StatusOr<Membership> RequireBoard(const Scope& scope, std::string_view project_id,
                                          std::string_view partner_org_id);
  struct Member {
    std::string partner_org_id;
    std::string partner_name;
    std::int64_t invited_at = 0;
  };
  // The partners of a project the vendor owns, oldest invitation first.
  absl::StatusOr<std::vector<Member>> ListMembers(const Scope& scope, std::string_view project_id);
  // The same without a viewer, for evidence arriving; nullopt when not a partner of it.
  absl::StatusOr<std::optional<Membership>> FindMembership(std::string_view project_id,
                                                           std::string_view partner_org_id);

  // Phase, then position order.
  absl::StatusOr<std::vector<PlanItemRecord>> ListItems(std::string_view project_id,
                                                        std::string_view partner_org_id);
  // Every item of every partner of the project, for the overview.
  absl::StatusOr<std::vector<PlanItemRecord>> ListProjectItems(std::string_view project_id);
  // AlreadyExists when the board was seeded meanwhile.
  absl::Status InsertItems(const std::vector<PlanItemRecord>& items);
  absl::StatusOr<PlanItemRecord> GetItem(std::string_view project_id,
                                         std::string_view partner_org_id, std::string_view id);
  // Writes every field but the ids, project and partner.
  absl::Status UpdateItem(const PlanItemRecord& item);
  absl::Status DeleteItem(std::string_view project_id, std::string_view id);

  absl::Status InsertEvent(PlanEventRecord event);
  // Oldest first, at most `limit`.
  absl::StatusOr<std::vector<PlanEventRecord>> ListEvents(std::string_view item_id, int limit);
  // The partners of the project whose boards were seeded.
  absl::StatusOr<std::vector<std::string>> BoardPartners(std::string_view project_id);

  // What evidence rules read. `environment_id` is an environment's id or "mock".
  absl::StatusOr<std::optional<std::string>> EnvironmentIdByName(std::string_view project_id,
                                                                 std::string_view name);
  struct TraceFact {
    std::string id;
    std::string operation_id;
    std::string method;
    std::int64_t status = 0;
    std::int64_t violation_count = 0;
    std::int64_t created_at = 0;
  };
  // The partner's first 2xx call in the environment.
  absl::StatusOr<std::optional<TraceFact>> FirstSuccessfulTrace(std::string_view project_id,
                                                                std::string_view partner_org_id,
                                                                std::string_view environment_id);
  // Newest first; every environment when `environment_id` is "".
  absl::StatusOr<std::vector<TraceFact>> LatestTraces(std::string_view project_id,
                                                      std::string_view partner_org_id,
                                                      std::string_view environment_id, int limit);
  struct RunFact {
    std::string id;
    bool passed = false;
    std::string options;
    std::string summary;
    std::int64_t finished_at = 0;
    std::vector<std::string> failed_categories;  // of required cases that failed
  };
  // The partner's finished runs in the environment, newest first.
  absl::StatusOr<std::vector<RunFact>> FinishedRuns(std::string_view project_id,
                                                    std::string_view partner_org_id,
                                                    std::string_view environment_id, int limit);
  // The project's annotations, and how many of them the partner acknowledged.
  absl::StatusOr<std::pair<std::int64_t, std::int64_t>> AnnotationAcks(
      std::string_view project_id, std::string_view partner_org_id);
  // Whether a link on a partner's board points at something of the project that partner may
  // see: its own run (kind "run"), a case of one ("case", with `run_id` and the case's
  // position as `id`), its own trace, or one of the project's annotations.
  absl::StatusOr<bool> LinkTargetExists(std::string_view project_id,
                                        std::string_view partner_org_id, std::string_view kind,
                                        std::string_view id, std::string_view run_id);
  // A partner acknowledges one of the project's annotations (again is a no-op).
  absl::Status Acknowledge(const Scope& scope, std::string_view project_id,
                           std::string_view annotation_id, std::int64_t now);
  // The annotations a partner acknowledged, by id.
  absl::StatusOr<std::vector<std::string>> AcknowledgedBy(std::string_view project_id,
                                                          std::string_view partner_org_id);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
