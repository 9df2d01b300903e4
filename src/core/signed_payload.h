// Payloads signed with a shared secret, as `t=<unix seconds>,v1=<hex>` where the hex is
// HMAC-SHA256(secret, "<t>.<raw body>"): what trace ingest accepts and what the golden
// suite's webhook events carry. Several v1 values may be listed (a sender rotating its
// secret signs with both).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace icopilot {

// The header value for `body` signed at `timestamp`.
std::string SignPayload(std::string_view secret, std::int64_t timestamp, std::string_view body);

struct SignatureHeader {
  std::int64_t timestamp = 0;
  std::vector<std::string> v1;  // lower-case hex
};
// InvalidArgument saying what is wrong with the header's form.
absl::StatusOr<SignatureHeader> ParseSignatureHeader(std::string_view header);

// Checks `header` against `body` with each of `secrets` (compared in constant time) and
// the timestamp against `now` (at most `tolerance_seconds` either way). Returns the v1
// value that matched, which identifies the request for replay protection; Unauthenticated
// with the reason otherwise.
absl::StatusOr<std::string> VerifySignedPayload(std::string_view header, std::string_view body,
                                                const std::vector<std::string>& secrets,
                                                std::int64_t now, std::int64_t tolerance_seconds);

}  // namespace icopilot
