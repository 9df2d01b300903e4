// The playground (docs/playground.md): a request a partner is typing, checked by the same
// validator as every request the platform sees, with the vendor's annotations whose
// condition it meets.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/actor.h"
#include "services/annotation_service.h"
#include "services/mock_service.h"

namespace icopilot::services {

// A request as the playground's editors hold it: values by name, the body as typed.
struct PlaygroundRequest {
  std::vector<std::pair<std::string, std::string>> path;
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct PlaygroundProblem {
  std::string pointer;  // "/body/amount", "/query/limit", "/headers/x-region"
  std::string message;  // "body.amount: 60000 is greater than the maximum 50000"
  std::string keyword;  // the schema keyword, or "required", "content-type", "json"
};

struct PlaygroundCheck {
  std::string method;
  std::string path;  // under the server's base path, parameters filled in
  std::string content_type;
  std::vector<PlaygroundProblem> problems;
  std::vector<std::string> warnings;
  MatchedAnnotations annotations;
};

class PlaygroundService {
 public:
  PlaygroundService(MockService& specs, AnnotationService& annotations)
      : specs_(specs), annotations_(annotations) {}

  // NotFound for a version the actor does not see; InvalidArgument ("operation_id: ...")
  // for an operation the version lacks.
  absl::StatusOr<PlaygroundCheck> Check(const Actor& actor, std::string_view project_id,
                                        std::string_view spec_version_id,
                                        std::string_view operation_id,
                                        const PlaygroundRequest& request);

 private:
  MockService& specs_;
  AnnotationService& annotations_;
};

}  // namespace icopilot::services
