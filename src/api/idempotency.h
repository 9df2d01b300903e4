// `Idempotency-Key` on POST: the first answer to a (caller, key) is stored sealed and
// replayed to retries; a retry with another body is refused; a retry while the first is
// still running gets 409.
#pragma once

#include <functional>
#include <string>

#include "core/clock.h"
#include "core/crypto.h"
#include "net/http.h"
#include "store/database.h"

namespace icopilot::api {

class IdempotencyGuard {
 public:
  IdempotencyGuard(store::Database& db, const SecretBox& box, const Clock& clock)
      : db_(db), box_(box), clock_(clock) {}

  // Runs `handler` at most once per (caller, key). Answers 5xx are not stored, so the
  // client may retry them.
  net::Response Run(const std::string& caller, std::string_view key, const net::Request& request,
                    const std::function<net::Response()>& handler);

 private:
  net::Response Replay(const std::string& sealed);

  store::Database& db_;
  const SecretBox& box_;
  const Clock& clock_;
};

}  // namespace icopilot::api
