// The mock's side of an operation's security requirements: API keys (header, query,
// cookie), HTTP basic and bearer, OAuth2 and OpenID Connect bearer tokens with scopes,
// and the client-credentials token endpoint that issues scoped tokens.
//
// By default any non-empty credential of the right kind is accepted with every scope,
// as a partner's first calls need; strict mode accepts only the mock's own tokens and
// the credentials it was given.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "net/http.h"
#include "spec/model.h"

namespace icopilot::mock {

struct AuthOptions {
  bool strict = false;
  std::vector<std::string> api_keys;  // accepted as API keys and bearer tokens
  std::vector<std::string> basic;     // "user:password", also client credentials
};

// Tokens the token endpoint issued, with their scopes. Bounded: the oldest are forgotten
// past `capacity`. Thread-safe.
class TokenStore {
 public:
  explicit TokenStore(std::size_t capacity = 10000) : capacity_(capacity) {}
  std::string Issue(std::set<std::string> scopes);
  std::optional<std::set<std::string>> Find(const std::string& token) const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, std::set<std::string>> tokens_;
  std::deque<std::string> order_;
};

struct AuthOutcome {
  bool allowed = true;
  int status = 0;                // 401 or 403 when not allowed
  std::string www_authenticate;  // for the 401/403
  std::string message;
};

AuthOutcome CheckSecurity(const spec::Spec& spec, const spec::Operation& operation,
                          const net::Request& request, const AuthOptions& options,
                          const TokenStore& tokens);

// POST /oauth/token (client credentials): a JSON answer as RFC 6749 section 5 shapes it.
net::Response IssueToken(const net::Request& request, const AuthOptions& options,
                         TokenStore& tokens);

}  // namespace icopilot::mock
