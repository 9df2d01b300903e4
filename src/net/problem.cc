#include "net/problem.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/strings.h"

namespace icopilot::net {

std::string ProblemTypeUri(std::string_view type) { return StrCat("urn:icopilot:problem:", type); }

Response MakeProblem(int status, std::string_view type, std::string_view title,
                     std::string_view detail, const boost::json::object* extra) {
  boost::json::object body;
  body["type"] = ProblemTypeUri(type);
  body["title"] = title;
  body["status"] = status;
  body["detail"] = detail;
  if (extra != nullptr) {
    for (const auto& member : *extra) body[member.key()] = member.value();
  }
  Response response;
  response.status = status;
  response.headers.Set("content-type", "application/problem+json");
  response.body = boost::json::serialize(body);
  return response;
}

}  // namespace icopilot::net
