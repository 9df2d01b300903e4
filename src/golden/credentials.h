// The environment's credentials as the cases use them: for each operation, the security
// alternative the environment can satisfy and what to send for it; OAuth2 tokens fetched
// with the client credentials grant, cached per scope set, fetched again when they expire
// or a 401 says they are no longer good; wrong credentials of the right kind for the
// authentication cases. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "golden/evidence.h"
#include "golden/session.h"
#include "net/http.h"
#include "spec/model.h"

namespace icopilot::golden {

class Credentials {
 public:
  Credentials(const spec::Spec& spec, Session& session);

  // The operation's security as it applies (its own or the global list).
  const std::vector<spec::SecurityRequirement>& RequirementsOf(const spec::Operation& op) const;
  // Whether the environment holds what `requirement` asks for.
  bool CanSatisfy(const spec::SecurityRequirement& requirement) const;

  // Adds the environment's credentials for the first alternative it can satisfy. OK
  // without change when the operation needs none; Unauthenticated naming what is
  // missing ("give --api-key") when no alternative can be satisfied; the token
  // endpoint's error when a token cannot be had. Token fetches are kept in `evidence`.
  absl::Status AddValid(const spec::Operation& op, net::Request& request,
                        std::vector<Exchange>& evidence);
  // Credentials of the right kind for the operation's first alternative that the API
  // never issued.
  void AddInvalid(const spec::Operation& op, net::Request& request) const;

  // Whether tokens of chosen scopes can be asked for (OAuth2 client credentials given).
  bool CanAskForScopes() const;
  // A token asked for with exactly `scopes` (none: no scope parameter), and the scopes
  // the server says it granted. RFC 6749 §3.3 lets a server grant other scopes than
  // asked (its defaults); the token response's `scope` then says which (§5.1), and its
  // absence means the scopes asked for.
  struct Issued {
    std::string token;
    std::set<std::string> granted;
  };
  absl::StatusOr<Issued> Issue(const std::set<std::string>& scopes,
                               std::vector<Exchange>& evidence);
  absl::StatusOr<std::string> TokenFor(const std::set<std::string>& scopes,
                                       std::vector<Exchange>& evidence);
  // Forgets a token a 401 refused, so the next request fetches a new one. False when the
  // token is not one this run fetched (a case's own wrong token).
  bool Forget(const std::string& token);

 private:
  struct Cached {
    Issued issued;
    std::chrono::steady_clock::time_point expires;
  };
  std::set<std::string> EnvironmentScopes(const spec::SecurityRequirement& requirement) const;

  const spec::Spec& spec_;
  Session& session_;
  std::mutex mutex_;
  std::map<std::set<std::string>, Cached> tokens_;
};

}  // namespace icopilot::golden
