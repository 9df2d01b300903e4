// A vendor's annotations on a project's operations (docs/annotations.md): written by the
// vendor, read by the vendor and the project's partners, checked against the spec version
// being read (a note whose target the version lacks is flagged, never dropped), and
// matched against requests by their conditions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "services/actor.h"
#include "services/mock_service.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::services {

inline constexpr int kMaxAnnotationsPerProject = 1000;
inline constexpr std::size_t kMaxAnnotationMessage = 10000;

// The kinds a vendor chooses from, as the API names them.
const std::vector<std::string>& AnnotationKinds();

struct AnnotationInput {
  std::optional<std::string> operation_id;
  std::optional<std::string> pointer;
  std::optional<std::string> kind;
  std::optional<std::string> message;
  std::optional<std::string> link;
  std::optional<std::string> condition;
};

struct AnnotationView {
  store::AnnotationRecord record;
  std::string checked_against;  // the spec version id the target was checked in
  std::string target_problem;   // why that version lacks the target; "" when it has it
  std::vector<std::string> condition_fields;  // the request fields the condition reads
};

// The operation's examples a condition matches, for the editor's preview.
struct ConditionPreview {
  struct Example {
    std::string name;             // "example", an example's name, or "generated"
    boost::json::object request;  // as the condition reads it
    bool matched = false;
  };
  std::vector<Example> examples;
};

// An operation's annotations split by whether their condition holds for a request.
// Annotations without a condition are unconditional: they are in `other`.
struct MatchedAnnotations {
  std::vector<AnnotationView> matched;
  std::vector<AnnotationView> other;
};

// A request as a run's evidence or a trace keeps it: an absolute URL (or a path), the
// headers as sent (secrets masked), the body.
struct SentRequest {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Reads `{"method", "url", "request_headers" | "headers": [[name, value]...],
// "request_body" | "body"}`: a case's evidence exchange or a trace's request. Nullopt when
// it holds no method and URL.
std::optional<SentRequest> SentRequestFromJson(const boost::json::object& json);

class AnnotationService {
 public:
  AnnotationService(store::Database& db, const Clock& clock, MockService& specs)
      : db_(db), clock_(clock), specs_(specs) {}

  // The target must exist in the project's newest spec version. InvalidArgument naming
  // the field at fault ("condition: column 12: ...").
  absl::StatusOr<AnnotationView> Create(const Actor& actor, std::string_view project_id,
                                        const AnnotationInput& input);
  // Targets are checked against `spec_version_id`, or the newest version when empty.
  absl::StatusOr<store::Page<AnnotationView>> List(const Actor& actor, std::string_view project_id,
                                                   std::string_view operation_id,
                                                   std::string_view spec_version_id,
                                                   const store::PageRequest& page);
  absl::StatusOr<AnnotationView> Get(const Actor& actor, std::string_view project_id,
                                     std::string_view id);
  // Fields left nullopt keep their value.
  absl::StatusOr<AnnotationView> Update(const Actor& actor, std::string_view project_id,
                                        std::string_view id, const AnnotationInput& input);
  absl::Status Delete(const Actor& actor, std::string_view project_id, std::string_view id);

  // Called with the project after a note was added or removed (plan boards count the notes
  // a partner acknowledged). Set before the server serves.
  void OnCountChanged(std::function<void(std::string_view project_id)> hook) {
    on_count_changed_ = std::move(hook);
  }

  absl::StatusOr<ConditionPreview> Preview(const Actor& actor, std::string_view project_id,
                                           std::string_view spec_version_id,
                                           std::string_view operation_id,
                                           std::string_view condition);

  // `request` as contract::ConditionInput makes it. Annotations whose target the version
  // lacks are still matched: their condition may hold all the same.
  absl::StatusOr<MatchedAnnotations> Match(const Actor& actor, std::string_view project_id,
                                           std::string_view spec_version_id,
                                           std::string_view operation_id,
                                           const boost::json::object& request);

  // The annotations whose condition a request already sent meets (a failed case's, a trace
  // with violations): where failures are read. Its path parameters are read from the end
  // of its path, whatever base path its target had. Targets are checked against
  // `spec_version_id`, or the newest version when empty.
  absl::StatusOr<std::vector<AnnotationView>> MatchSent(const Actor& actor,
                                                        std::string_view project_id,
                                                        std::string_view spec_version_id,
                                                        std::string_view operation_id,
                                                        const SentRequest& sent);

 private:
  absl::Status CheckInput(const store::AnnotationRecord& record) const;
  absl::StatusOr<std::shared_ptr<const LoadedVersion>> Version(const Actor& actor,
                                                               std::string_view project_id,
                                                               std::string& version_id);
  AnnotationView View(store::AnnotationRecord record, const LoadedVersion* version,
                      const std::string& version_id) const;

  store::Database& db_;
  const Clock& clock_;
  MockService& specs_;
  std::function<void(std::string_view)> on_count_changed_;
};

}  // namespace icopilot::services
