#include "services/id_token_claims.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/strings.h"

namespace icopilot::services {
namespace {

std::string Text(const boost::json::object& claims, std::string_view name) {
  const auto* value = claims.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// A NumericDate claim in milliseconds; nullopt when absent or not a number.
std::optional<std::int64_t> Millis(const boost::json::object& claims, std::string_view name) {
  const auto* value = claims.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->as_int64() * 1000;
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64() * 1000);
  if (value->is_double()) return static_cast<std::int64_t>(value->as_double() * 1000);
  return std::nullopt;
}

absl::Status Refuse(std::string_view why) {
  return absl::UnauthenticatedError(StrCat("the ID token ", why));
}

}  // namespace

absl::StatusOr<IdTokenIdentity> CheckIdTokenClaims(const jwt::Token& token,
                                                   const IdTokenExpectations& expected) {
  const auto& claims = token.claims;
  const std::string issuer = Text(claims, "iss");
  if (issuer != expected.issuer)
    return Refuse(StrCat("was issued by \"", issuer, "\", not the org's provider \"",
                         expected.issuer, "\" (iss)"));

  // "aud" is one string or a list that must hold our client id; with other audiences too,
  // the token must have been issued to us ("azp").
  const auto* aud = claims.if_contains("aud");
  bool for_us = false;
  std::size_t audiences = 0;
  if (aud != nullptr && aud->is_string()) {
    for_us = aud->as_string() == expected.client_id;
    audiences = 1;
  } else if (aud != nullptr && aud->is_array()) {
    for (const auto& entry : aud->as_array()) {
      ++audiences;
      for_us = for_us || (entry.is_string() && entry.as_string() == expected.client_id);
    }
  }
  if (!for_us)
    return Refuse(StrCat("is for another client, not \"", expected.client_id, "\" (aud)"));
  const std::string azp = Text(claims, "azp");
  if ((audiences > 1 || !azp.empty()) && azp != expected.client_id)
    return Refuse(StrCat("was issued to \"", azp, "\", not \"", expected.client_id, "\" (azp)"));

  const auto expires = Millis(claims, "exp");
  if (!expires) return Refuse("has no expiry (exp)");
  if (*expires + expected.skew_ms <= expected.now_ms)
    return Refuse(StrCat("expired at ", FormatTimestamp(*expires), " (exp)"));
  const auto issued = Millis(claims, "iat");
  if (!issued) return Refuse("has no issue time (iat)");
  if (*issued > expected.now_ms + expected.skew_ms)
    return Refuse(StrCat("says it was issued at ", FormatTimestamp(*issued),
                         ", in the future (iat); is a clock wrong?"));
  if (*issued + expected.max_age_ms + expected.skew_ms < expected.now_ms)
    return Refuse(StrCat("was issued at ", FormatTimestamp(*issued),
                         ", too long ago for this sign-in (iat)"));

  if (!ConstantTimeEquals(Text(claims, "nonce"), expected.nonce))
    return Refuse("was not issued for this sign-in: its nonce is another (nonce)");

  IdTokenIdentity identity;
  identity.subject = Text(claims, "sub");
  if (identity.subject.empty()) return Refuse("names no user (sub)");
  identity.email = Text(claims, "email");
  std::transform(identity.email.begin(), identity.email.end(), identity.email.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (identity.email.empty() || identity.email.find('@') == std::string::npos)
    return Refuse("has no email address (email); ask the provider for the \"email\" scope");
  const auto* verified = claims.if_contains("email_verified");
  if (verified != nullptr && !(verified->is_bool() && verified->as_bool()) &&
      !(verified->is_string() && verified->as_string() == "true"))
    return Refuse(
        StrCat("says the provider has not verified ", identity.email, " (email_verified)"));
  identity.name = Text(claims, "name");
  return identity;
}

}  // namespace icopilot::services
