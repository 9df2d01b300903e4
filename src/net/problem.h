// RFC 9457 problem details: every error the server answers has this shape and a stable
// `type` per kind of error, so clients can branch on it.
#pragma once

#include <string>
#include <string_view>

#include "net/http.h"

namespace boost::json {
class object;
}

namespace icopilot::net {

// `type` is the stable slug ("not-found"); it is served as "urn:icopilot:problem:<slug>".
// `extra` members (e.g. "errors") are merged into the body when given.
Response MakeProblem(int status, std::string_view type, std::string_view title,
                     std::string_view detail, const boost::json::object* extra = nullptr);

std::string ProblemTypeUri(std::string_view type);

}  // namespace icopilot::net
