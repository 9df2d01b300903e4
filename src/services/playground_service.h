// The playground (docs/playground.md): a request a partner is typing, checked by the same
// validator as every request the platform sees, with the vendor's annotations whose
// condition it meets; and sent to an environment the vendor offers (or the hosted mock)
// with the sender's stored credentials, its answer checked against the contract and the
// exchange kept as the sender's trace.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "contract/exchange_check.h"
#include "core/crypto.h"
#include "golden/evidence.h"
#include "services/actor.h"
#include "services/annotation_service.h"
#include "services/mock_service.h"
#include "services/request_parts.h"
#include "services/send_target.h"
#include "services/trace_service.h"
#include "store/database.h"

namespace icopilot::services {

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

// What a sent request got: the exchanges (token fetches first, then the call), secrets
// masked, and what the contract says of the call.
struct PlaygroundSent {
  std::vector<golden::Exchange> exchanges;
  std::vector<contract::ExchangeViolation> violations;
  bool traced = false;  // kept as a trace (sends to the hosted mock stay in its journal)
};

// A body that breaks one constraint of the operation's schema on purpose, from the
// negative generator: what it breaks and where.
struct BadExample {
  std::string description;  // "omits required 'amount'"
  std::string keyword;
  std::string pointer;  // in the body
  std::string body;     // JSON text
};

class PlaygroundService {
 public:
  PlaygroundService(store::Database& db, const SecretBox& box, MockService& specs,
                    AnnotationService& annotations, TraceService& traces)
      : db_(db), box_(box), specs_(specs), annotations_(annotations), traces_(traces) {}

  // Where this server answers, known once it listens: sends to the hosted mock go there.
  // Called before requests are served.
  void SetTargetOptions(TargetOptions options) { target_options_ = std::move(options); }

  // NotFound for a version the actor does not see; InvalidArgument ("operation_id: ...")
  // for an operation the version lacks.
  absl::StatusOr<PlaygroundCheck> Check(const Actor& actor, std::string_view project_id,
                                        std::string_view spec_version_id,
                                        std::string_view operation_id, const RequestParts& request);

  // Up to kMaxBadExamples bodies, each breaking one constraint of the operation's JSON
  // body schema; empty when the operation takes no JSON body.
  static constexpr std::size_t kMaxBadExamples = 12;
  absl::StatusOr<std::vector<BadExample>> BadExamples(const Actor& actor,
                                                      std::string_view project_id,
                                                      std::string_view spec_version_id,
                                                      std::string_view operation_id);

  // `environment_id` is an environment of the project or "mock" (the version's hosted
  // mock). FailedPrecondition saying what is missing when no credentials the operation
  // needs are stored; a transport failure is an exchange with its error, not a status.
  absl::StatusOr<PlaygroundSent> Send(const Actor& actor, std::string_view project_id,
                                      std::string_view spec_version_id,
                                      std::string_view operation_id,
                                      std::string_view environment_id, const RequestParts& request);

 private:
  absl::StatusOr<golden::Target> TargetFor(const Actor& actor, std::string_view project_id,
                                           std::string_view spec_version_id,
                                           std::string_view environment_id);

  store::Database& db_;
  const SecretBox& box_;
  MockService& specs_;
  AnnotationService& annotations_;
  TraceService& traces_;
  TargetOptions target_options_;
};

}  // namespace icopilot::services
