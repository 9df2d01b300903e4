// One model for every input version: what the rest of the product reads about an API.
// Swagger 2.0 is converted into it; schemas stay as the document has them ($ref kept,
// Swagger's #/definitions/ rewritten to #/components/schemas/).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace icopilot::spec {

// The closed sets of the model, parsed once by the readers: the rest of the product
// compares enums, never strings.

// The methods an OpenAPI path item holds.
enum class Method : std::uint8_t { kGet, kPut, kPost, kDelete, kOptions, kHead, kPatch, kTrace };
inline constexpr Method kMethods[] = {Method::kGet,    Method::kPut,     Method::kPost,
                                      Method::kDelete, Method::kOptions, Method::kHead,
                                      Method::kPatch,  Method::kTrace};
std::string_view MethodName(Method method);                // "get": as a path item keys it
std::string_view MethodToken(Method method);               // "GET": as HTTP sends it
std::optional<Method> ParseMethod(std::string_view name);  // either case
// GET, HEAD, OPTIONS and TRACE: RFC 9110 §9.2.1.
bool IsSafe(Method method);

// Where a parameter (or an API key) is sent.
enum class ParameterIn : std::uint8_t { kPath, kQuery, kHeader, kCookie };
std::string_view LocationName(ParameterIn in);  // "path", "query", "header", "cookie"
std::optional<ParameterIn> ParseLocation(std::string_view name);

// A security scheme's type. kUnknown keeps a scheme the document misspells (a requirement
// names it; dropping it would make the operation look open), with a warning.
enum class SchemeType : std::uint8_t {
  kApiKey,
  kHttp,
  kOAuth2,
  kOpenIdConnect,
  kMutualTls,
  kUnknown
};
std::string_view SchemeTypeName(SchemeType type);  // "apiKey", ..., "unknown"
SchemeType ParseSchemeType(std::string_view name);

struct Example {
  std::string name;  // "" for the single `example`
  // Points into the loaded document (examples can be megabytes; they are not copied):
  // valid while the SpecFiles live. Null when the example has only an externalValue.
  const boost::json::value* value = nullptr;
  std::string external_value;  // externalValue URL, when given instead of a value
};

// Schemas are pointers: into the loaded documents (as the document has them, $ref kept),
// or into Spec::owned for values the engine made (Swagger conversions, synthesized
// parameters). Null when absent. Valid while the SpecFiles and the Spec live.
using SchemaPtr = const boost::json::value*;

// Values the engine made, with stable addresses.
using ValueStore = std::deque<boost::json::value>;

struct MediaType {
  std::string media_type;  // "application/json"
  SchemaPtr schema = nullptr;
  std::vector<Example> examples;
};

struct Parameter {
  std::string name;
  ParameterIn in = ParameterIn::kQuery;
  bool required = false;
  bool deprecated = false;
  std::string style;  // defaulted per location when absent
  bool explode = false;
  SchemaPtr schema = nullptr;
  std::vector<Example> examples;
  std::string pointer;  // where it is defined
};

struct RequestBody {
  bool required = false;
  std::vector<MediaType> content;
};

struct Header {
  std::string name;
  bool required = false;
  SchemaPtr schema = nullptr;
};

struct Response {
  std::string status;  // "200", "2XX", "default"
  std::string description;
  std::vector<Header> headers;
  std::vector<MediaType> content;
};

// Alternatives, each a set of schemes that must all be satisfied, with their scopes.
using SecurityRequirement = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct Operation {
  Method method = Method::kGet;
  std::string path;  // as written in the spec
  std::string operation_id;
  bool operation_id_synthesized = false;
  std::string summary;
  std::vector<std::string> tags;
  bool deprecated = false;
  std::vector<Parameter> parameters;
  std::optional<RequestBody> request_body;
  std::vector<Response> responses;
  std::vector<SecurityRequirement> security;  // empty: no security
  bool security_declared = false;             // the operation overrides the global list
  std::vector<std::string> servers;
  std::vector<std::string> callbacks;  // callback names
  std::string pointer;                 // "/paths/~1pets/get"
};

struct OAuthFlow {
  std::string flow;  // implicit, password, clientCredentials, authorizationCode
  std::string token_url;
  std::string authorization_url;
  std::vector<std::string> scopes;
};

struct SecurityScheme {
  std::string name;
  SchemeType type = SchemeType::kUnknown;
  std::string scheme;             // http: basic, bearer, ... (lower case)
  std::optional<ParameterIn> in;  // apiKey: header, query or cookie
  std::string parameter_name;
  std::vector<OAuthFlow> flows;
  std::string open_id_connect_url;
};

struct Spec {
  std::string input_version;  // "2.0", "3.0.3", "3.1.0" as declared
  std::string title;
  std::string api_version;
  std::vector<std::string> servers;
  std::vector<Operation> operations;
  std::vector<Operation> webhooks;  // 3.1 webhooks; `path` holds the webhook's name
  std::vector<SecurityScheme> security_schemes;
  std::vector<SecurityRequirement> security;  // global
  // components/schemas (Swagger: the converted definitions). For OpenAPI 3 this points
  // into the loaded document without owning it (copying thousands of schemas cost more
  // than parsing them): keep the SpecFiles alive while reading it, as LoadedSpec does.
  std::shared_ptr<const boost::json::object> schemas;
  std::shared_ptr<ValueStore> owned = std::make_shared<ValueStore>();
};

// The security alternatives that apply to `op`: its own list, or the document's.
inline const std::vector<SecurityRequirement>& SecurityOf(const Spec& spec, const Operation& op) {
  return op.security_declared ? op.security : spec.security;
}

// The scheme named in a security requirement; null when the document does not define it.
inline const SecurityScheme* FindSecurityScheme(const Spec& spec, std::string_view name) {
  for (const auto& scheme : spec.security_schemes) {
    if (scheme.name == name) return &scheme;
  }
  return nullptr;
}

}  // namespace icopilot::spec
