// The cookies the API sets and reads: the session's, and the one tying a single sign-on to
// the browser that began it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace icopilot::api {

// The session cookie's name.
inline constexpr std::string_view kSessionCookie = "icp_session";

// The value of cookie `name` in a Cookie header; nullopt when it is not there.
std::optional<std::string> CookieValue(std::string_view header, std::string_view name);

// The session cookie (an empty value and 0 remove it). Secure where the browser reached us
// over HTTPS (through a trusted proxy): a cookie marked Secure on plain http://127.0.0.1
// would never be sent back.
std::string SessionCookie(std::string_view value, std::int64_t max_age_seconds, bool https);

}  // namespace icopilot::api
