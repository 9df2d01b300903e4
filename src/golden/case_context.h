// Inside the runner: what one case sees while it runs (the spec, its operation, the
// session and credentials, the resources made for it) and how it ends (Pass, Fail, ...).
// The case functions in cases_*.cc take a CaseContext; nothing outside src/golden uses it.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contract/spec_schemas.h"
#include "golden/credentials.h"
#include "golden/fixtures.h"
#include "golden/plan.h"
#include "golden/result.h"
#include "golden/session.h"
#include "spec/blueprint.h"
#include "spec/model.h"

namespace icopilot::golden {

// What the rate-limiting cases share: limit-enforced finds the 429 that retry-after reads.
struct RateLimitFinding {
  std::optional<net::ClientResponse> refused;  // the first 429
  std::size_t sent = 0;                        // requests sent looking for it
  std::size_t budget = 0;                      // the most it would have sent
  std::optional<std::uint64_t> stated;         // the limit the spec states, if it does
  std::string failure;                         // a request that failed, not the budget
  bool not_built = false;                      // no valid request could be built
  std::vector<Exchange> evidence;
};

struct RunContext {
  const spec::Spec& spec;
  const spec::Blueprint& blueprint;
  const contract::SpecSchemas& schemas;
  Session& session;
  Credentials& credentials;
  Fixtures& fixtures;
  bool read_only = false;
  std::mutex rate_mutex{};
  std::optional<RateLimitFinding> rate_limit{};  // set once limit-enforced ran
  std::mutex seed_mutex{};
  std::set<std::size_t> seeded_lists{};  // list operations the pagination cases filled
};

class CaseContext {
 public:
  CaseContext(RunContext& run, const PlannedCase& row, CaseResult& result);

  RunContext& run;
  const PlannedCase& row;
  CaseResult& result;

  const spec::Operation& op() const { return run.spec.operations[index_]; }
  const spec::OperationTraits& traits() const { return run.blueprint.operations[index_]; }
  std::size_t index() const { return index_; }

  // A valid request for `op` (this case's operation by default): parameters and body
  // generated, a resource created for it where its path names one and the collection
  // offers a create, the environment's credentials. Errors say why it cannot be built.
  absl::StatusOr<net::Request> Valid(std::uint64_t seed = 3);
  // With some path parameters given (a wrong type, an unknown id) instead of made.
  absl::StatusOr<net::Request> ValidWithPath(
      std::vector<std::pair<std::string, std::string>> path_values);
  absl::StatusOr<net::Request> ValidFor(std::size_t op_index, std::uint64_t seed = 3);
  // The same without credentials.
  absl::StatusOr<net::Request> ValidWithoutCredentials(std::uint64_t seed = 3);

  // Sends and keeps the exchange as this case's evidence. A 401 to a fetched token
  // fetches a new one and sends once more.
  absl::StatusOr<net::ClientResponse> Send(const net::Request& request,
                                           const SendOptions& options = {});

  void Pass(std::string reason = "") { End(Verdict::kPassed, std::move(reason)); }
  // The API departed from the case's expectation: a failure for a contract rule, a
  // warning for a convention (the catalog classes each case once, see Rule).
  void Fail(std::string reason) {
    End(row.c->rule == Rule::kContract ? Verdict::kFailed : Verdict::kWarning, std::move(reason));
  }
  // A failure whatever the case's rule: the spec itself states what was breached (a
  // convention case on an API that documents the number or marks the header required).
  void Breach(std::string reason) { End(Verdict::kFailed, std::move(reason)); }
  void Warn(std::string reason) { End(Verdict::kWarning, std::move(reason)); }
  void Error(std::string reason) { End(Verdict::kError, std::move(reason)); }
  // The runner could not set the case up: nothing was checked in its place.
  void NotSetUp(std::string reason) { End(Verdict::kNotSetUp, std::move(reason)); }
  void Skip(std::string reason) { End(Verdict::kSkipped, std::move(reason)); }
  void NotApplicable(std::string reason) { End(Verdict::kNotApplicable, std::move(reason)); }
  void Note(std::string note) { result.notes.push_back(std::move(note)); }
  // Ends the case as an error for a request that could not be built or sent.
  void ErrorFrom(const absl::Status& status, std::string_view doing);

  // A value for `parameter` (a path parameter of `op`) that its schema takes and the API
  // is unlikely to have issued: for a resource a PUT creates, or an id that must be unknown.
  std::optional<std::string> FreshId(const spec::Operation& op, std::string_view parameter) const;
  // The first of `candidates` (CreatedIds) that `op`'s path parameter takes, else the first.
  std::string FittingId(const spec::Operation& op, std::string_view parameter,
                        const std::vector<std::string>& candidates) const;
  // Whether `response` says the item the last request named does not exist, when that
  // item's id was made up (no resource could be created for it): the request was not
  // valid after all, and the case could not be set up.
  bool Unfounded(const net::ClientResponse& response) const;

 private:
  // An id of the collection at `item_path` read from its list (`GET` on the parent path),
  // with the parents it was listed under; shared by the run's cases, nullopt when the list
  // names none. For collections nothing creates into.
  std::optional<Made> ListedId(std::string_view item_path, const std::string& parameter,
                               std::size_t op_index);
  void End(Verdict verdict, std::string reason);
  absl::StatusOr<net::Request> Build(std::size_t op_index, std::uint64_t seed, bool credentials,
                                     std::vector<std::pair<std::string, std::string>> given = {});
  std::size_t index_ = 0;
  std::optional<std::size_t> last_built_;  // the operation of the last request built
  bool generated_item_ = false;            // the last request's item id was made up
};

// The ways a request is broken in one place, one per request-validation case.
enum class InvalidKind {
  kMissingRequiredParameter,
  kWrongParameterType,
  kMissingRequiredField,
  kWrongFieldType,
  kConstraintViolation,
  kUnsupportedMediaType,
  kMalformedJson,
};

// A request broken in one place, as request-validation sends it.
struct InvalidRequest {
  InvalidKind kind;
  std::string description;  // "without the required query parameter 'limit'"
  net::Request request;
};

// The invalid requests for the case's operation: of one kind or of every kind (nullopt),
// at most `per_kind` of each. Empty with `why_none` when there are none to make.
std::vector<InvalidRequest> InvalidRequests(CaseContext& context, std::optional<InvalidKind> kind,
                                            std::size_t per_kind, std::string& why_none);

// Ends a case that needed invalid requests and got none: skipped when no valid request
// could be built to start from, else not applicable (nothing can be broken alone).
void EndWithoutInvalid(CaseContext& context, const std::string& why_none);

// Replaces (or with null, removes) a query parameter, keeping `target` in step.
void SetQueryParameter(net::Request& request, std::string_view name, const std::string* value);

// A value for `parameter` of `op` that its schema takes, made up (see CaseContext::FreshId).
std::optional<std::string> FreshId(const contract::SpecSchemas& schemas, const spec::Operation& op,
                                   std::string_view parameter);

std::string FittingId(const contract::SpecSchemas& schemas, const spec::Operation& op,
                      std::string_view parameter, const std::vector<std::string>& candidates);

// Shared by the cases: a status in words for reasons ("got 200").
std::string Got(const net::ClientResponse& response);

}  // namespace icopilot::golden
