// Answers HTTP requests for a spec the way the API would: routes them to operations,
// checks them against the operation (parameters, media type, body), and answers with a
// documented response chosen as Prism users know (`Prefer: code=`, `example=`,
// `dynamic=true`, `Accept`), its body from the spec's examples or generated from its
// schema, and CORS as browsers need it. Pure: no sockets; the CLI and the server put it
// behind their HTTP front ends. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "contract/operation_index.h"
#include "contract/spec_schemas.h"
#include "mock/behaviours.h"
#include "mock/collections.h"
#include "mock/mock_state.h"
#include "mock/security.h"
#include "net/http.h"
#include "spec/blueprint.h"
#include "spec/load.h"

namespace icopilot::schema {
struct Node;
}

namespace icopilot::mock {

struct MockOptions {
  std::uint64_t seed = 1;
  AuthOptions auth;
  BehaviourOptions behaviours;
  bool dynamic = false;  // generate every body afresh instead of examples first
  bool cors = true;
  // Remember what is created (collections, CRUD, paging) instead of answering from the
  // spec alone. Idempotency-Keys are honoured either way.
  bool stateful = false;
  // Bounds of the state the engine makes when none is handed to it.
  StateLimits state_limits;
  // Behaviours for single operations (by operationId), in place of `behaviours`.
  std::map<std::string, BehaviourOptions> operation_behaviours;
};

struct MockResult {
  net::Response response;
  std::string operation_id;  // "" when no operation matched
  std::string why;           // for errors and fallbacks: what the log should say
  // What the request check found wrong (location: message), for the request journal.
  std::vector<std::string> violations;
  // How long the front end waits before sending (the engine itself never sleeps).
  std::chrono::milliseconds delay{0};
};

class MockEngine {
 public:
  // `loaded` must hold a usable spec (`loaded->spec`). `clock` (rate-limit windows,
  // timestamps, idempotency expiry) must outlive the engine; the system clock by default.
  // `state` carries stored resources over from an engine this one replaces; a new, empty
  // state by default.
  MockEngine(std::shared_ptr<const spec::LoadedSpec> loaded, MockOptions options,
             const Clock* clock = nullptr, std::shared_ptr<MockState> state = nullptr);

  MockResult Handle(const net::Request& request) const;

  const spec::Spec& spec() const { return *loaded_->spec; }
  const std::shared_ptr<MockState>& state() const { return state_; }

 private:
  struct Prefer {
    int code = 0;
    std::string example;
    bool dynamic = false;
    std::optional<Latency> latency;
    std::optional<double> chaos;
  };
  static Prefer ParsePrefer(const net::Request& request);

  MockResult AnswerOperation(const net::Request& request, const spec::Operation& op,
                             const contract::RouteMatch& match, const Prefer& prefer) const;
  // After the request passed its checks: idempotency, chaos, then the answer.
  MockResult AnswerValid(const net::Request& request, const spec::Operation& op,
                         const contract::RouteMatch& match, const Prefer& prefer,
                         Behaviours& behaviours) const;
  MockResult ChaosResponse(const spec::Operation& op) const;
  // A stateless answer to a later page of a list: no items, no next page (see the .cc).
  void EndStatelessPages(const net::Request& request, std::size_t operation,
                         MockResult& result) const;
  Behaviours& BehavioursFor(const spec::Operation& op) const;
  // The response a stateful mock gives from what it stores; nullopt when the operation
  // is not a collection's or its responses cannot carry stored resources (then the
  // answer comes from the spec alone). In stateful.cc.
  std::optional<MockResult> AnswerStateful(const net::Request& request, const spec::Operation& op,
                                           const contract::RouteMatch& match,
                                           const Prefer& prefer) const;
  std::optional<MockResult> Render(const net::Request& request, const spec::Operation& op,
                                   const boost::json::object& resource, int status) const;
  std::optional<MockResult> CreateResource(const net::Request& request, const spec::Operation& op,
                                           const OperationRole& role) const;
  std::optional<MockResult> ListResources(const net::Request& request, const spec::Operation& op,
                                          const OperationRole& role) const;
  std::optional<MockResult> WriteResource(const net::Request& request, const spec::Operation& op,
                                          const OperationRole& role, const std::string& id) const;
  MockResult NotFound(const spec::Operation& op, const OperationRole& role,
                      const std::string& id) const;
  // A read of an item of a collection nobody creates into (`GET /tables/{tableName}`
  // beside `GET /tables`): the documented 404 when the collection's list does not name the
  // id, nullopt otherwise (then the spec answers). In stateful.cc.
  std::optional<MockResult> UnlistedItem(const net::Request& request, const spec::Operation& op,
                                         const contract::RouteMatch& match) const;
  // What tells a listed item from an unknown one, worked out once per item operation.
  struct Listing {
    bool judged = false;           // false: nothing can be told, and the spec answers
    bool from_state = false;       // the list answers from the state: an item exists when stored
    std::vector<std::string> ids;  // else the ids the list's static answer names
    std::string parameter;         // the item path's last parameter
  };
  Listing ListingFor(const spec::Operation& op, std::size_t operation) const;
  // Keeps the resource; 507 when the state is full.
  std::optional<MockResult> Store(const std::string& collection, const std::string& id,
                                  const boost::json::object& resource) const;
  // A fresh id for a resource of `collection` (n: its counter) that fits the id property's
  // schema (`id_node`, may be null) and the item path's parameter.
  struct NewIds {
    boost::json::value property;  // for the id property
    std::string key;              // in URLs (the same unless the spec's schemas disagree)
  };
  NewIds NewId(const schema::Schema& schema, const schema::Node* id_node, const OperationRole& role,
               const std::string& collection, std::uint64_t n) const;
  // The documented headers of `response`, filled with generated values.
  void AddDocumentedHeaders(const spec::Response& response, net::Response& out) const;
  MockResult Answer(const net::Request& request, const spec::Operation& op,
                    const Prefer& prefer) const;
  // The error response the operation documents for one of `codes` (its body generated
  // from the schema, with the summary and the list where the schema has room), or
  // problem+json with `fallback_status`.
  MockResult ErrorResponse(const spec::Operation& op, std::initializer_list<int> codes,
                           int fallback_status, std::string_view type, std::string_view title,
                           const std::vector<std::string>& locations,
                           const std::vector<std::string>& messages) const;
  // The body for one media type of a response: the named example, the first example,
  // or a generated instance; `why` says when an example was passed over.
  std::string Body(const spec::MediaType& media, const Prefer& prefer, bool dynamic,
                   std::string& why) const;
  void AddCors(const net::Request& request, net::Response& response) const;

  std::shared_ptr<const spec::LoadedSpec> loaded_;
  MockOptions options_;
  contract::OperationIndex index_;
  contract::SpecSchemas schemas_;
  mutable std::mutex cache_mutex_;
  mutable std::map<const spec::MediaType*, std::string> generated_;  // static bodies, made once
  mutable std::map<std::size_t, Listing> listings_;  // by item operation (ListingFor)
  mutable std::uint64_t dynamic_counter_ = 0;
  SystemClock system_clock_;
  mutable Behaviours behaviours_;
  std::map<std::string, std::unique_ptr<Behaviours>> operation_behaviours_;
  const Clock& clock_;
  std::shared_ptr<MockState> state_;
  std::vector<OperationRole> roles_;  // parallel to spec().operations
  spec::Blueprint blueprint_;         // pagination styles and idempotency headers
};

}  // namespace icopilot::mock
