#include "api/idempotency.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/json_io.h"
#include "core/json.h"
#include "core/strings.h"
#include "net/problem.h"
#include "store/idempotency_repository.h"

namespace icopilot::api {
namespace {

constexpr std::size_t kMaxKeyLength = 255;
constexpr std::int64_t kRetentionMs = 24LL * 3600 * 1000;

std::string Seal(const SecretBox& box, const net::Response& response) {
  boost::json::array headers;
  for (const auto& [name, value] : response.headers.fields()) headers.push_back({name, value});
  boost::json::object stored{{"status", response.status}, {"headers", headers}, {"body", response.body}};
  return box.Seal(boost::json::serialize(stored));
}

}  // namespace

net::Response IdempotencyGuard::Replay(const std::string& sealed) {
  auto opened = box_.Open(sealed);
  auto parsed = opened.ok() ? ParseJson(*opened) : opened.status();
  if (!parsed.ok() || !parsed->is_object()) return ProblemFromStatus(absl::InternalError("stored answer unreadable"));
  const auto& stored = parsed->as_object();
  net::Response response;
  response.status = static_cast<int>(stored.at("status").to_number<std::int64_t>());
  for (const auto& header : stored.at("headers").as_array()) {
    const auto& pair = header.as_array();
    response.headers.Add(std::string(pair[0].as_string()), std::string(pair[1].as_string()));
  }
  response.body = std::string(stored.at("body").as_string());
  response.headers.Set("idempotent-replayed", "true");
  return response;
}

net::Response IdempotencyGuard::Run(const std::string& caller, std::string_view key, const net::Request& request,
                                    const std::function<net::Response()>& handler) {
  if (key.empty() || key.size() > kMaxKeyLength) {
    return net::MakeProblem(422, "invalid-idempotency-key", "Invalid Idempotency-Key",
                            StrCat("Idempotency-Key must have 1 to ", kMaxKeyLength, " characters"));
  }
  const std::string request_hash = Sha256Hex(StrCat(request.method, " ", request.path, "\n", request.body));
  store::IdempotencyRepository keys(db_);
  const std::int64_t now = clock_.NowMillis();
  (void)keys.DeleteOlderThan(now - kRetentionMs);  // housekeeping
  absl::Status claimed = keys.Claim(caller, key, request_hash, now);
  if (absl::IsAlreadyExists(claimed)) {
    auto existing = keys.Find(caller, key);
    if (!existing.ok()) return ProblemFromStatus(existing.status());
    if (!existing->has_value()) return ProblemFromStatus(absl::UnavailableError("idempotency key vanished"));
    const auto& entry = **existing;
    if (entry.request_hash != request_hash) {
      return net::MakeProblem(422, "idempotency-key-reused", "Idempotency-Key reused",
                              "this Idempotency-Key was used with a different request; use a new key");
    }
    if (!entry.status) {
      return net::MakeProblem(409, "idempotency-key-in-use", "Request in progress",
                              "a request with this Idempotency-Key is still being processed; retry shortly");
    }
    return Replay(entry.response_sealed);
  }
  if (!claimed.ok()) return ProblemFromStatus(claimed);

  net::Response response = handler();
  // A streamed answer is not known yet, so it cannot be replayed: a retry runs again.
  if (response.status >= 500 || response.stream) {
    (void)keys.Release(caller, key);
  } else {
    (void)keys.Complete(caller, key, response.status, Seal(box_, response));
  }
  return response;
}

}  // namespace icopilot::api
