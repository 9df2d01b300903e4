// What an environment holds that the API never returns: default headers, credentials
// (API key, bearer token, HTTP basic, OAuth2 client credentials) and TLS material (CA
// bundle, client certificate and key, PEM). Kept as JSON sealed with the data folder's
// key; read from request JSON with errors naming the field.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "golden/target.h"

namespace icopilot::services {

struct EnvironmentCredentials {
  std::string api_key;
  std::string bearer;
  std::string basic;  // "user:password"
  std::optional<golden::OAuth2Client> oauth2;
};

struct EnvironmentSettings {
  std::vector<std::pair<std::string, std::string>> headers;
  // Parameter values the environment fixes for every run (a sandbox's own merchant id):
  // golden::Target::parameter_values. Not secret; shown by the API.
  std::vector<std::pair<std::string, std::string>> parameter_values;
  EnvironmentCredentials credentials;
  std::string ca_bundle;    // PEM
  std::string client_cert;  // PEM
  std::string client_key;   // PEM
};

std::string EncodeSettings(const EnvironmentSettings& settings);
absl::StatusOr<EnvironmentSettings> DecodeSettings(std::string_view json);

// `credentials` as a request sends it: {api_key, bearer, basic, oauth2: {token_url,
// client_id, client_secret, scopes}}. InvalidArgument naming the field.
absl::StatusOr<EnvironmentCredentials> ReadCredentials(const boost::json::value& json);
std::string EncodeCredentialsJson(const EnvironmentCredentials& credentials);
absl::StatusOr<EnvironmentCredentials> DecodeCredentialsJson(std::string_view json);

// What may be shown: which credentials are set, never their values.
boost::json::object DescribeCredentials(const EnvironmentCredentials& credentials);

}  // namespace icopilot::services
