#include "api/cookies.h"

#include "core/strings.h"

namespace icopilot::api {

std::optional<std::string> CookieValue(std::string_view header, std::string_view name) {
  for (std::string_view part : SplitAndTrim(header, ';')) {
    std::size_t equals = part.find('=');
    if (equals != std::string_view::npos && part.substr(0, equals) == name) {
      return std::string(part.substr(equals + 1));
    }
  }
  return std::nullopt;
}

std::string SessionCookie(std::string_view value, std::int64_t max_age_seconds, bool https) {
  return StrCat(kSessionCookie, "=", value,
                "; Path=/; HttpOnly; SameSite=Lax; Max-Age=", max_age_seconds,
                https ? "; Secure" : "");
}

}  // namespace icopilot::api
