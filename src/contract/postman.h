// The spec as a Postman collection (format v2.1, docs/postman.md): a folder per tag with
// each operation's example request (as the API reference shows it) and a test that the
// answer's status is one the spec documents, then a folder of saved cases, each testing
// its expected status and pinned fields. Requests go to {{baseUrl}}; credentials come
// from the variables {{token}}, {{apiKey}}, {{username}} and {{password}}, which the
// environment file (PostmanEnvironment) declares. Runs unchanged in `newman run`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "contract/spec_schemas.h"
#include "net/http.h"
#include "spec/model.h"

namespace icopilot::contract {

inline constexpr std::string_view kPostmanSchema =
    "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

struct PostmanCase {
  std::string name;
  const spec::Operation* operation = nullptr;  // for its credentials
  net::Request request;  // path and query under the spec's server path, no credentials
  int expected_status = 200;
  std::vector<std::pair<std::string, boost::json::value>> fields;  // pointer, value
};

boost::json::object PostmanCollection(const spec::LoadedSpec& loaded, const SpecSchemas& schemas,
                                      const std::vector<PostmanCase>& saved_cases);

struct PostmanVariable {
  std::string key;
  std::string value;
  bool secret = false;
};

// An environment file: {{baseUrl}} and the credential variables the spec's schemes use
// (secrets typed "secret", left empty unless given).
boost::json::object PostmanEnvironment(const spec::Spec& spec, std::string name,
                                       std::string base_url,
                                       const std::vector<PostmanVariable>& given);

}  // namespace icopilot::contract
