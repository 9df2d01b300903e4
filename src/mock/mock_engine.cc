#include "mock/mock_engine.h"

#include <cctype>

#include <boost/json/serialize.hpp>

#include "contract/request_check.h"
#include "contract/response_check.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "mock/resource_shape.h"
#include "mock/response_choice.h"
#include "net/problem.h"
#include "schema/generator.h"

namespace icopilot::mock {
namespace {

std::string HeaderText(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v.as_array()) out += StrCat(out.empty() ? "" : ",", HeaderText(item));
    return out;
  }
  return ReadableJson(v);
}

}  // namespace

MockEngine::MockEngine(std::shared_ptr<const spec::LoadedSpec> loaded, MockOptions options,
                       const Clock* clock, std::shared_ptr<MockState> state)
    : loaded_(std::move(loaded)),
      options_(std::move(options)),
      index_(*loaded_->spec),
      schemas_(*loaded_),
      behaviours_(options_.behaviours, options_.seed, clock != nullptr ? *clock : system_clock_),
      clock_(clock != nullptr ? *clock : system_clock_),
      state_(state != nullptr ? std::move(state)
                              : std::make_shared<MockState>(options_.state_limits)),
      roles_(FindResourceRoles(*loaded_->spec)),
      blueprint_(spec::BuildBlueprint(*loaded_->spec)) {
  for (const auto& [operation_id, behaviours] : options_.operation_behaviours) {
    operation_behaviours_.emplace(operation_id,
                                  std::make_unique<Behaviours>(behaviours, options_.seed, clock_));
  }
  // A limit the spec states (a RateLimit-Limit header's example) is simulated, a minute's
  // window per caller, unless a limit was configured: the mock behaves as documented.
  if (options_.behaviours.rate_limit) return;
  const auto& operations = loaded_->spec->operations;
  for (std::size_t i = 0; i < operations.size(); ++i) {
    const auto& stated = blueprint_.operations[i].stated_rate_limit;
    if (!stated || operations[i].operation_id.empty() ||
        operation_behaviours_.contains(operations[i].operation_id))
      continue;
    BehaviourOptions limited = options_.behaviours;
    limited.rate_limit = Rate{static_cast<std::int64_t>(*stated), std::chrono::minutes(1)};
    operation_behaviours_.emplace(operations[i].operation_id,
                                  std::make_unique<Behaviours>(limited, options_.seed, clock_));
  }
}

Behaviours& MockEngine::BehavioursFor(const spec::Operation& op) const {
  auto it = operation_behaviours_.find(op.operation_id);
  return it != operation_behaviours_.end() ? *it->second : behaviours_;
}

MockEngine::Prefer MockEngine::ParsePrefer(const net::Request& request) {
  Prefer prefer;
  for (const auto& [name, value] : request.headers.fields()) {
    if (!net::EqualsIgnoreCase(name, "prefer")) continue;
    std::string_view text = value;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t sep = text.find_first_of(",;", start);
      std::string_view item = TrimWhitespace(
          text.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
      start = sep == std::string_view::npos ? text.size() + 1 : sep + 1;
      std::size_t eq = item.find('=');
      if (eq == std::string_view::npos) continue;
      std::string key = ToLower(TrimWhitespace(item.substr(0, eq)));
      std::string_view v = TrimWhitespace(item.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      if (key == "code") prefer.code = std::atoi(std::string(v).c_str());
      if (key == "example") prefer.example = std::string(v);
      if (key == "dynamic") prefer.dynamic = v == "true";
      if (key == "latency") {
        if (auto latency = ParseLatency(v); latency.ok()) prefer.latency = *latency;
      }
      if (key == "chaos") {
        if (auto chaos = ParseChaos(v); chaos.ok()) prefer.chaos = *chaos;
      }
    }
  }
  return prefer;
}

void MockEngine::AddCors(const net::Request& request, net::Response& response) const {
  if (!options_.cors) return;
  auto origin = request.headers.Find("origin");
  if (!origin) return;
  response.headers.Set("access-control-allow-origin", std::string(*origin));
  response.headers.Set("access-control-allow-credentials", "true");
  response.headers.Set("access-control-expose-headers", "*");
  response.headers.Add("vary", "Origin");
}

MockResult MockEngine::Handle(const net::Request& request) const {
  MockResult result;
  // The OAuth2 client-credentials endpoint partners get scoped tokens from.
  if (request.path == "/oauth/token" && request.method == "POST") {
    result.response = IssueToken(request, options_.auth, state_->tokens());
    result.operation_id = "oauth-token";
    AddCors(request, result.response);
    return result;
  }
  contract::RouteMatch match =
      index_.Match(request.method, request.path, request.query, &request.headers);
  const bool preflight =
      request.method == "OPTIONS" && request.headers.Find("access-control-request-method");
  if (request.method == "OPTIONS" && match.kind != contract::RouteMatch::kNoPath) {
    // CORS preflight, or a plain OPTIONS: say what the path allows.
    std::vector<std::string> allowed = index_.MethodsAt(request.path);
    std::string allow;
    for (const auto& m : allowed) allow += StrCat(allow.empty() ? "" : ", ", m);
    result.response.status = 204;
    result.response.headers.Set("allow", allow);
    if (preflight && options_.cors) {
      result.response.headers.Set("access-control-allow-methods", allow.empty() ? "*" : allow);
      if (auto wanted = request.headers.Find("access-control-request-headers")) {
        result.response.headers.Set("access-control-allow-headers", std::string(*wanted));
      }
      result.response.headers.Set("access-control-max-age", "600");
    }
    AddCors(request, result.response);
    return result;
  }
  if (match.kind == contract::RouteMatch::kNoPath) {
    result.response = net::MakeProblem(
        404, "mock-no-operation", "No operation at this path",
        StrCat("the API description has no path matching ", request.path,
               index_.base_path().empty() ? "" : StrCat(" (under ", index_.base_path(), ")")));
    result.why = "no operation at this path";
    AddCors(request, result.response);
    return result;
  }
  if (match.kind == contract::RouteMatch::kWrongMethod) {
    std::string allow;
    for (const auto& m : match.allowed_methods) allow += StrCat(allow.empty() ? "" : ", ", m);
    result.response = net::MakeProblem(
        405, "mock-method-not-allowed", "Method not allowed",
        StrCat(request.method, " is not documented for this path; it allows ", allow));
    result.response.headers.Set("allow", allow);
    result.why = StrCat("allowed: ", allow);
    AddCors(request, result.response);
    return result;
  }
  const spec::Operation& op = spec().operations[match.operation];
  const Prefer prefer = ParsePrefer(request);
  result = AnswerOperation(request, op, match, prefer);
  result.delay = BehavioursFor(op).Delay(prefer.latency);
  result.operation_id = op.operation_id;
  if (request.method == "HEAD") result.response.body.clear();
  AddCors(request, result.response);
  return result;
}

namespace {

// Who a rate limit counts against: the credential, else the client's address.
std::string CallerKey(const net::Request& request) {
  if (auto authorization = request.headers.Find("authorization"))
    return StrCat("credential:", *authorization);
  for (std::string_view name : {"x-api-key", "api-key", "apikey"}) {
    if (auto key = request.headers.Find(name)) return StrCat("credential:", *key);
  }
  return StrCat("address:", request.client_address);
}

void AddRateHeaders(net::Response& response, const Behaviours::RateDecision& rate) {
  response.headers.Set("ratelimit-limit", std::to_string(rate.limit));
  response.headers.Set("ratelimit-remaining", std::to_string(rate.remaining));
  response.headers.Set("ratelimit-reset", std::to_string(rate.reset_seconds));
}

}  // namespace

MockResult MockEngine::AnswerOperation(const net::Request& request, const spec::Operation& op,
                                       const contract::RouteMatch& match,
                                       const Prefer& prefer) const {
  MockResult result;
  // Credentials first, then the rate limit, then the request's shape, as real APIs answer.
  AuthOutcome auth = CheckSecurity(spec(), op, request, options_.auth, state_->tokens());
  if (!auth.allowed) {
    result = ErrorResponse(op, {auth.status}, auth.status,
                           auth.status == 401 ? "mock-unauthorized" : "mock-forbidden",
                           auth.status == 401 ? "Credentials required" : "Insufficient scope",
                           {"header.authorization"}, {auth.message});
    result.response.headers.Set("www-authenticate", auth.www_authenticate);
    return result;
  }
  Behaviours& behaviours = BehavioursFor(op);
  Behaviours::RateDecision rate = behaviours.Take(CallerKey(request));
  if (rate.limited) {
    result =
        ErrorResponse(op, {429}, 429, "mock-rate-limited", "Too many requests", {"rate-limit"},
                      {StrCat("more than ", rate.limit, " requests in the window; try again in ",
                              rate.reset_seconds, "s")});
    result.response.headers.Set("retry-after", std::to_string(rate.reset_seconds));
    AddRateHeaders(result.response, rate);
    return result;
  }
  contract::RequestCheck check = contract::CheckRequest(schemas_, op, request, match.path_params);
  if (check.unsupported_media_type) {
    result = ErrorResponse(op, {415}, 415, "mock-unsupported-media-type", "Unsupported media type",
                           {check.violations.front().location}, {check.violations.front().message});
  } else if (!check.violations.empty()) {
    std::vector<std::string> locations, messages;
    for (const auto& v : check.violations) {
      locations.push_back(v.location);
      messages.push_back(v.message);
    }
    result = ErrorResponse(op, {400, 422}, 400, "mock-invalid-request",
                           "The request does not match the API description", locations, messages);
    for (std::size_t i = 0; i < locations.size(); ++i)
      result.violations.push_back(StrCat(locations[i], ": ", messages[i]));
  } else {
    result = AnswerValid(request, op, match, prefer, behaviours);
  }
  if (rate.applies) AddRateHeaders(result.response, rate);
  return result;
}

namespace {

// Whether a list request asks for a page after the first: a cursor or page token, an
// offset past 0, a page number past 1.
bool AsksForALaterPage(const net::Request& request, const spec::Pagination& pagination) {
  if (pagination.position.empty()) return false;
  auto value = request.QueryParam(pagination.position);
  if (!value || value->empty()) return false;
  if (pagination.style == spec::PagingStyle::kOffset) return *value != "0";
  if (pagination.style == spec::PagingStyle::kPage) return *value != "0" && *value != "1";
  return true;
}

}  // namespace

void MockEngine::EndStatelessPages(const net::Request& request, std::size_t operation,
                                   MockResult& result) const {
  // A list the stateful mock does not track is answered from the spec, the same page for
  // every position: its paging would repeat items and never end. Past the first page, the
  // documented answer is given with no items and no way onward: a one-page collection.
  const auto& pagination = blueprint_.operations[operation].pagination;
  if (!pagination || result.response.status / 100 != 2 || !AsksForALaterPage(request, *pagination))
    return;
  const spec::Response* documented =
      contract::DocumentedResponse(spec().operations[operation], result.response.status);
  if (documented == nullptr) return;
  const spec::MediaType* media = contract::MatchMediaType(
      documented->content, result.response.headers.Find("content-type").value_or(""));
  if (media == nullptr || !contract::IsJsonMediaType(media->media_type)) return;
  auto compiled = schemas_.Get(media->schema);
  auto body = ParseJson(result.response.body);
  if (!compiled.ok() || !body.ok()) return;
  auto shape = FindListShape(*(*compiled)->compiled().root);
  if (!shape) return;
  boost::json::value emptied = *body;
  if (shape->array_property.empty()) {
    emptied = boost::json::array();
  } else if (auto* object = emptied.if_object()) {
    (*object)[shape->array_property] = boost::json::array();
    std::vector<std::string> onward;
    for (auto& [key, value] : *object) {
      const spec::PagingField field = spec::PagingFieldOf(key);
      if (field == spec::PagingField::kNextCursor || field == spec::PagingField::kNextUrl)
        onward.emplace_back(key);
      if (field == spec::PagingField::kHasMore && value.is_bool()) value = false;
    }
    for (const std::string& key : onward) object->erase(key);
  }
  if (!(*compiled)
           ->Validate(emptied, {.direction = schema::Direction::kResponse,
                                .all_errors = false,
                                .strict_one_of = false})
           .valid)
    return;
  result.response.body = ReadableJson(emptied);
  result.response.headers.Remove("link");
  result.why = "a page after the first of a list this mock does not track: empty";
}

MockResult MockEngine::AnswerValid(const net::Request& request, const spec::Operation& op,
                                   const contract::RouteMatch& match, const Prefer& prefer,
                                   Behaviours& behaviours) const {
  // Idempotency-Key on a POST: the same key and body get the first response again; the
  // same key with another body is a conflict. Scoped to the caller and the operation.
  std::string idempotency_key;
  if (request.method == "POST") {
    std::string header = blueprint_.operations[match.operation].idempotency_header;
    if (header.empty()) header = "idempotency-key";
    if (auto sent = request.headers.Find(header); sent && !sent->empty())
      idempotency_key = StrCat(CallerKey(request), "\n", op.operation_id, "\n", *sent);
  }
  const std::string body_hash = idempotency_key.empty() ? "" : Sha256Hex(request.body);
  if (!idempotency_key.empty()) {
    if (auto kept = state_->FindKey(idempotency_key, clock_.NowMillis())) {
      MockResult result;
      if (kept->request_hash != body_hash) {
        result = ErrorResponse(op, {409, 422}, 409, "mock-idempotency-conflict",
                               "Idempotency key reused", {"header.idempotency-key"},
                               {"this Idempotency-Key was used with a different body in the "
                                "last 24 hours"});
        return result;
      }
      result.response.status = kept->response.status;
      for (const auto& [name, value] : kept->response.headers)
        result.response.headers.Add(name, value);
      result.response.headers.Set("idempotent-replayed", "true");
      result.response.body = kept->response.body;
      result.why = "replayed the first response to this Idempotency-Key";
      return result;
    }
  }
  MockResult result;
  if (behaviours.Chaos(prefer.chaos)) {
    result = ChaosResponse(op);
  } else if (auto unlisted = options_.stateful && prefer.code == 0 && prefer.example.empty()
                                 ? UnlistedItem(request, op, match)
                                 : std::nullopt) {
    result = std::move(*unlisted);
  } else if (auto stateful =
                 options_.stateful ? AnswerStateful(request, op, match, prefer) : std::nullopt) {
    result = std::move(*stateful);
  } else {
    result = Answer(request, op, prefer);
    if (options_.stateful) EndStatelessPages(request, match.operation, result);
  }
  if (!idempotency_key.empty() && result.response.status < 500) {
    KeptResponse kept{result.response.status, {}, result.response.body};
    for (const auto& [name, value] : result.response.headers.fields())
      kept.headers.emplace_back(name, value);
    if (!state_->KeepKey(idempotency_key, {body_hash, std::move(kept)}, clock_.NowMillis()))
      result.why = "Idempotency-Key not kept: the mock holds its limit of keys";
  }
  return result;
}

// A server error on purpose: the first 5xx the operation documents, else 500.
MockResult MockEngine::ChaosResponse(const spec::Operation& op) const {
  for (const auto& response : op.responses) {
    if (response.status.empty() || response.status[0] != '5') continue;
    int status = std::isdigit(static_cast<unsigned char>(response.status[1]))
                     ? std::stoi(response.status)
                     : 500;
    MockResult result =
        ErrorResponse(op, {status}, status, "mock-chaos", "Failing on purpose (chaos)", {"chaos"},
                      {"the mock failed this request on purpose (--chaos)"});
    result.why = "chaos";
    return result;
  }
  MockResult result =
      ErrorResponse(op, {}, 500, "mock-chaos", "Failing on purpose (chaos)", {"chaos"},
                    {"the mock failed this request on purpose (--chaos)"});
  result.why = "chaos";
  return result;
}

std::string MockEngine::Body(const spec::MediaType& media, const Prefer& prefer, bool dynamic,
                             std::string& why) const {
  auto compiled = schemas_.Get(media.schema);
  auto valid = [&](const boost::json::value& v) {
    return !compiled.ok() || (*compiled)
                                 ->Validate(v, {.direction = schema::Direction::kResponse,
                                                .all_errors = false,
                                                .strict_one_of = false})
                                 .valid;
  };
  if (!dynamic) {
    const spec::Example* chosen = nullptr;
    for (const auto& example : media.examples) {
      if (example.value == nullptr) continue;
      if (prefer.example.empty() ? chosen == nullptr : example.name == prefer.example)
        chosen = &example;
    }
    if (!prefer.example.empty() && chosen == nullptr)
      why = StrCat("no example named '", prefer.example, "'");
    if (chosen != nullptr) {
      if (valid(*chosen->value)) return ReadableJson(*chosen->value);
      why = StrCat("example '", chosen->name.empty() ? "example" : chosen->name,
                   "' does not match its schema; answered with a generated body");
    }
  }
  if (!compiled.ok()) return media.schema == nullptr ? "" : "{}";
  if (!dynamic) {
    std::lock_guard lock(cache_mutex_);
    if (auto it = generated_.find(&media); it != generated_.end()) return it->second;
  }
  std::uint64_t seed = options_.seed;
  if (dynamic) {
    std::lock_guard lock(cache_mutex_);
    seed += ++dynamic_counter_;
  }
  auto made =
      schema::GenerateValid(**compiled, {.seed = seed, .direction = schema::Direction::kResponse});
  if (!made.ok()) {
    why = StrCat("cannot make a body: ", made.status().message());
    return "";
  }
  std::string body = ReadableJson(made->value);
  if (!dynamic) {
    std::lock_guard lock(cache_mutex_);
    generated_.emplace(&media, body);
  }
  return body;
}

MockResult MockEngine::Answer(const net::Request& request, const spec::Operation& op,
                              const Prefer& prefer) const {
  MockResult result;
  const spec::Response* chosen =
      prefer.code != 0 ? FindResponse(op, prefer.code) : DefaultResponse(op);
  if (chosen == nullptr) {
    result.response =
        net::MakeProblem(404, "mock-no-such-response", "No such response",
                         prefer.code != 0 ? StrCat("the operation documents no ", prefer.code,
                                                   " response (asked for by Prefer: code)")
                                          : std::string("the operation documents no response"));
    result.why = "no response to answer with";
    return result;
  }
  int status = StatusOf(*chosen);
  if (status == 0) status = prefer.code != 0 ? prefer.code : 200;  // `default`
  if (prefer.code != 0) status = prefer.code;
  result.response.status = status;
  if (!chosen->content.empty()) {
    const spec::MediaType* media =
        Negotiate(chosen->content, request.headers.Find("accept").value_or(""));
    if (media == nullptr) {
      std::string offered;
      for (const auto& m : chosen->content)
        offered += StrCat(offered.empty() ? "" : ", ", m.media_type);
      result.response = net::MakeProblem(
          406, "mock-not-acceptable", "Not acceptable",
          StrCat("the response is documented as ", offered, ", which Accept excludes"));
      result.why = StrCat("Accept excludes ", offered);
      return result;
    }
    result.response.body = Body(*media, prefer, options_.dynamic || prefer.dynamic, result.why);
    std::string type = media->media_type;
    if (type.find('*') != std::string::npos) type = "application/json";
    result.response.headers.Set("content-type", type);
  }
  AddDocumentedHeaders(*chosen, result.response);
  return result;
}

void MockEngine::AddDocumentedHeaders(const spec::Response& response, net::Response& out) const {
  for (const auto& header : response.headers) {
    // The headers that describe the message itself are the mock's to say: a documented
    // `Content-Encoding: gzip` on a body the mock does not compress would be a lie.
    if (header.schema == nullptr) continue;
    bool framing = false;
    for (std::string_view own :
         {"content-type", "content-encoding", "content-length", "transfer-encoding", "connection"})
      framing = framing || net::EqualsIgnoreCase(header.name, own);
    if (framing) continue;
    auto compiled = schemas_.Get(header.schema);
    if (!compiled.ok()) continue;
    auto made = schema::GenerateValid(**compiled, {.seed = options_.seed});
    if (made.ok()) out.headers.Set(ToLower(header.name), HeaderText(made->value));
  }
}

MockResult MockEngine::ErrorResponse(const spec::Operation& op, std::initializer_list<int> codes,
                                     int fallback_status, std::string_view type,
                                     std::string_view title,
                                     const std::vector<std::string>& locations,
                                     const std::vector<std::string>& messages) const {
  MockResult result;
  std::string summary = messages.front();
  if (messages.size() > 1) summary += StrCat(" (and ", messages.size() - 1, " more)");
  result.why = summary;
  boost::json::array listed;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    listed.push_back(boost::json::object{{"location", locations[i]}, {"message", messages[i]}});
  }
  // The error response the operation documents (its code, its range, else `default`), in
  // the JSON media type it documents (a vendor's own, application/vnd.x+json, too), with
  // the errors where its schema has room.
  for (int code : codes) {
    const spec::Response* documented = FindResponse(op, code);
    if (documented == nullptr) {
      for (const auto& r : op.responses) {
        if (r.status == "default") documented = &r;
      }
    }
    if (documented == nullptr) continue;
    const spec::MediaType* media =
        contract::MatchMediaType(documented->content, "application/json");
    for (const auto& candidate : documented->content) {
      if (media == nullptr && contract::IsJsonMediaType(candidate.media_type)) media = &candidate;
    }
    if (media == nullptr) {
      // Documented without a JSON body (SimpleDB's `text/xml`, or no body): that status in
      // that media type, with its example where it gives one as text. Our problem document
      // would be a type the spec never mentions.
      result.response.status = code;
      if (!documented->content.empty() &&
          documented->content.front().media_type.find('*') == std::string::npos) {
        const spec::MediaType& first = documented->content.front();
        for (const auto& example : first.examples) {
          if (example.value == nullptr || !example.value->is_string()) continue;
          result.response.body = std::string(example.value->get_string());
          result.response.headers.Set("content-type", first.media_type);
          break;
        }
      }
      return result;
    }
    auto compiled = schemas_.Get(media->schema);
    if (!compiled.ok()) continue;
    auto accepts = [&](const boost::json::value& v) {
      return (*compiled)
          ->Validate(v, {.direction = schema::Direction::kResponse,
                         .all_errors = false,
                         .strict_one_of = false})
          .valid;
    };
    const std::string media_type =
        media->media_type.find('*') == std::string::npos ? media->media_type : "application/json";
    // Our own problem document where the documented schema takes it (a problem+json
    // schema usually does): it says the most.
    boost::json::object extra{{"errors", listed}};
    net::Response own = net::MakeProblem(code, type, title, summary, &extra);
    if (auto parsed = ParseJson(own.body); parsed.ok() && accepts(*parsed)) {
      result.response = std::move(own);
      result.response.headers.Set("content-type", media_type);
      return result;
    }
    auto made = schema::GenerateValid(**compiled, {.seed = options_.seed});
    if (!made.ok()) continue;
    boost::json::value body = std::move(made->value);
    if (auto* object = body.if_object()) {
      for (std::string_view key : {"message", "detail", "error", "error_description", "title"}) {
        if (!object->contains(key) || !(*object)[key].is_string()) continue;
        boost::json::value tried = body;
        tried.as_object()[key] = summary;
        if (accepts(tried)) body = std::move(tried);
      }
      for (std::string_view key : {"errors", "details", "violations", "issues"}) {
        boost::json::value tried = body;
        tried.as_object()[key] = listed;
        if (accepts(tried)) {
          body = std::move(tried);
          break;
        }
        boost::json::array texts;
        for (const auto& m : messages) texts.push_back(boost::json::value(m));
        tried.as_object()[key] = texts;
        if (accepts(tried)) {
          body = std::move(tried);
          break;
        }
      }
    }
    result.response.status = code;
    result.response.headers.Set("content-type", media_type);
    result.response.body = ReadableJson(body);
    return result;
  }
  boost::json::object extra{{"errors", listed}};
  result.response = net::MakeProblem(fallback_status, type, title, summary, &extra);
  return result;
}

}  // namespace icopilot::mock
