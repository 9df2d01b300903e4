// Saved cases (docs/saved-cases.md): a request from the playground kept with what its
// answer must be. A partner's run includes its own and the project's cases for every
// partner, as the report's group "saved_cases"; the vendor promotes a partner's case to
// every partner of the project.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "golden/saved_case.h"
#include "services/actor.h"
#include "services/mock_service.h"
#include "services/request_parts.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::services {

inline constexpr int kMaxSavedCasesPerPartner = 200;
inline constexpr std::size_t kMaxSavedCaseBody = 256 << 10;
inline constexpr std::size_t kMaxSavedCaseFields = 20;

struct SavedCaseInput {
  std::string name;
  std::string operation_id;
  std::string spec_version_id;  // the version the request was written for; "" for the newest
  RequestParts request;
  int expected_status = 200;
  bool check_body_schema = true;
  std::vector<golden::FieldExpectation> fields;
};

// What a stored case holds, read back from its JSON columns.
struct SavedCaseView {
  store::SavedCaseRecord record;
  RequestParts request;
  bool check_body_schema = true;
  std::vector<golden::FieldExpectation> fields;
};

class SavedCaseService {
 public:
  SavedCaseService(store::Database& db, const Clock& clock, MockService& specs)
      : db_(db), clock_(clock), specs_(specs) {}

  // InvalidArgument naming the field at fault: a name over 200 characters, an operation
  // the version lacks, a header that carries credentials (the run adds the partner's own),
  // a status outside 100-599, a field pointer not starting with '/'.
  absl::StatusOr<SavedCaseView> Create(const Actor& actor, std::string_view project_id,
                                       const SavedCaseInput& input);
  absl::StatusOr<store::Page<SavedCaseView>> List(const Actor& actor, std::string_view project_id,
                                                  std::string_view operation_id,
                                                  const store::PageRequest& page);
  absl::StatusOr<SavedCaseView> Get(const Actor& actor, std::string_view project_id,
                                    std::string_view id);
  absl::Status Delete(const Actor& actor, std::string_view project_id, std::string_view id);
  absl::StatusOr<SavedCaseView> Promote(const Actor& actor, std::string_view project_id,
                                        std::string_view id);

  // A stored row's request and checks, read back from their JSON. DataLoss when they no
  // longer read.
  static absl::StatusOr<SavedCaseView> Read(store::SavedCaseRecord record);

 private:
  store::Database& db_;
  const Clock& clock_;
  MockService& specs_;
};

// The cases a run includes, as the runner takes them: the project's cases for every
// partner and, for a partner's run, its own (at most kMaxSavedCasesPerPartner of each).
// A row that no longer reads is left out with a log line, not a failed run.
absl::StatusOr<std::vector<golden::SavedCase>> SavedCasesForRun(store::SqlExecutor& db,
                                                                const spec::Spec& spec,
                                                                std::string_view project_id,
                                                                std::string_view partner_org_id);

}  // namespace icopilot::services
