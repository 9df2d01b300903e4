// The golden suite inside the platform: a project's environments (vendor-made; each org
// may keep credentials of its own for one), the test profile of each spec version, and
// runs queued for the RunWorker, readable with their cases and evidence. Secrets are
// sealed with the data folder's key and never returned; partners see only their own
// org's runs (the store scopes it). Writes are audited.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "services/actor.h"
#include "services/environment_settings.h"
#include "services/mock_service.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::services {

// An environment as requests describe it; fields left nullopt keep their value on update.
struct EnvironmentInput {
  std::optional<std::string> name;
  std::optional<std::string> base_url;
  std::optional<bool> verify_tls;
  std::optional<std::int64_t> timeout_ms;
  std::optional<bool> proxy_credentials;
  std::optional<std::vector<std::pair<std::string, std::string>>> headers;
  std::optional<std::vector<std::pair<std::string, std::string>>> parameter_values;
  std::optional<EnvironmentCredentials> credentials;
  std::optional<std::string> ca_bundle;
  std::optional<std::string> client_cert;
  std::optional<std::string> client_key;
};

// What the API shows of an environment: never a secret.
struct EnvironmentView {
  store::EnvironmentRecord record;
  std::vector<std::string> header_names;
  std::vector<std::pair<std::string, std::string>> parameter_values;
  boost::json::object credentials;  // which are set (DescribeCredentials)
  bool ca_bundle = false;
  bool client_certificate = false;
  bool own_credentials = false;  // the caller's org keeps credentials of its own
};

struct RunRequest {
  std::string spec_version_id;
  std::string environment_id;  // an environment's id, or "mock"
  std::vector<std::string> categories;
  bool read_only = false;
  std::vector<std::string> exclude_operations;
  std::string only_case;
  // Parameter values for this run, over the environment's own.
  std::vector<std::pair<std::string, std::string>> parameter_values;
};

class GoldenService {
 public:
  GoldenService(store::Database& db, const Clock& clock, const SecretBox& box, MockService& mocks)
      : db_(db), clock_(clock), box_(box), mocks_(mocks) {}

  // Called after a run is queued (the worker wakes up).
  void OnQueued(std::function<void()> notify) { notify_ = std::move(notify); }

  absl::StatusOr<EnvironmentView> CreateEnvironment(const Actor& actor, std::string_view project_id,
                                                    const EnvironmentInput& input);
  absl::StatusOr<std::vector<EnvironmentView>> ListEnvironments(const Actor& actor,
                                                                std::string_view project_id);
  absl::StatusOr<EnvironmentView> GetEnvironment(const Actor& actor, std::string_view project_id,
                                                 std::string_view id);
  absl::StatusOr<EnvironmentView> UpdateEnvironment(const Actor& actor, std::string_view project_id,
                                                    std::string_view id,
                                                    const EnvironmentInput& input);
  absl::Status DeleteEnvironment(const Actor& actor, std::string_view project_id,
                                 std::string_view id);
  // The caller's org's own credentials for the environment, used for its runs.
  absl::StatusOr<EnvironmentView> SetOwnCredentials(const Actor& actor, std::string_view project_id,
                                                    std::string_view id,
                                                    const EnvironmentCredentials& credentials);

  // The detected profile with the vendor's overrides: {categories: [{category,
  // applicable, requirement, overridden, reason}]}.
  absl::StatusOr<boost::json::object> GetProfile(const Actor& actor, std::string_view project_id,
                                                 std::string_view spec_version_id);
  // `overrides` maps categories to required, optional or not_applicable (vendor only).
  absl::StatusOr<boost::json::object> SetProfile(const Actor& actor, std::string_view project_id,
                                                 std::string_view spec_version_id,
                                                 const boost::json::object& overrides);

  // Queues a run. ResourceExhausted past 10 runs a minute per caller.
  absl::StatusOr<store::RunRecord> QueueRun(const Actor& actor, std::string_view project_id,
                                            const RunRequest& request);
  absl::StatusOr<store::Page<store::RunRecord>> ListRuns(const Actor& actor,
                                                         std::string_view project_id,
                                                         const store::PageRequest& page);
  absl::StatusOr<store::RunRecord> GetRun(const Actor& actor, std::string_view project_id,
                                          std::string_view id);
  absl::StatusOr<std::vector<store::RunCaseRecord>> ListRunCases(const Actor& actor,
                                                                 std::string_view project_id,
                                                                 std::string_view run_id);
  absl::StatusOr<store::RunCaseRecord> GetRunCase(const Actor& actor, std::string_view project_id,
                                                  std::string_view run_id, std::int64_t position);

 private:
  absl::StatusOr<EnvironmentView> View(const Actor& actor, store::EnvironmentRecord record);

  store::Database& db_;
  const Clock& clock_;
  const SecretBox& box_;
  MockService& mocks_;
  std::function<void()> notify_;
};

}  // namespace icopilot::services
