#include "core/signed_payload.h"

#include <charconv>

#include "core/crypto.h"
#include "core/strings.h"

namespace icopilot {

std::string SignPayload(std::string_view secret, std::int64_t timestamp, std::string_view body) {
  return StrCat("t=", timestamp, ",v1=", HmacSha256Hex(secret, StrCat(timestamp, ".", body)));
}

absl::StatusOr<SignatureHeader> ParseSignatureHeader(std::string_view header) {
  SignatureHeader parsed;
  bool has_timestamp = false;
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view part = TrimWhitespace(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    std::size_t equals = part.find('=');
    if (equals == std::string_view::npos)
      return absl::InvalidArgumentError(StrCat("'", part, "' is not key=value"));
    std::string_view key = part.substr(0, equals);
    std::string_view value = part.substr(equals + 1);
    if (key == "t") {
      auto [end, error] =
          std::from_chars(value.data(), value.data() + value.size(), parsed.timestamp);
      if (error != std::errc() || end != value.data() + value.size() || value.empty())
        return absl::InvalidArgumentError("t= is not a number of seconds since the epoch");
      has_timestamp = true;
    } else if (key == "v1") {
      if (value.size() != 64) return absl::InvalidArgumentError("v1= is not 64 hex digits");
      parsed.v1.push_back(ToLower(value));
    }  // other schemes (v0, future ones) are ignored, as senders may add them
  }
  if (!has_timestamp) return absl::InvalidArgumentError("no t= timestamp");
  if (parsed.v1.empty()) return absl::InvalidArgumentError("no v1= signature");
  return parsed;
}

absl::StatusOr<std::string> VerifySignedPayload(std::string_view header, std::string_view body,
                                                const std::vector<std::string>& secrets,
                                                std::int64_t now, std::int64_t tolerance_seconds) {
  auto parsed = ParseSignatureHeader(header);
  if (!parsed.ok())
    return absl::UnauthenticatedError(StrCat("malformed signature: ", parsed.status().message()));
  std::int64_t age = now - parsed->timestamp;
  if (age > tolerance_seconds)
    return absl::UnauthenticatedError(StrCat("stale signature: signed ", age, " s ago, at most ",
                                             tolerance_seconds, " s allowed"));
  if (-age > tolerance_seconds)
    return absl::UnauthenticatedError(
        StrCat("signature timestamp ", -age, " s in the future (check the sender's clock)"));
  const std::string signed_text = StrCat(parsed->timestamp, ".", body);
  for (const std::string& secret : secrets) {
    const std::string expected = HmacSha256Hex(secret, signed_text);
    for (const std::string& candidate : parsed->v1)
      if (ConstantTimeEquals(expected, candidate)) return candidate;
  }
  return absl::UnauthenticatedError(
      "bad signature: no v1 value matches the body with a current secret");
}

}  // namespace icopilot
