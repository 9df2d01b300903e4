#include "cli/partner_usage.h"

#include <cstdlib>

#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "net/http_client.h"

namespace icopilot::cli {

absl::StatusOr<PartnerUsage> FetchPartnerUsage(std::string_view project_url) {
  std::string base(project_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!(base.starts_with("http://") || base.starts_with("https://")) ||
      base.find("/api/v1/projects/") == std::string::npos)
    return absl::InvalidArgumentError(
        "--partners-from: a project's API URL, like "
        "https://copilot.example.com/api/v1/projects/prj_…");
  const char* key = std::getenv("ICOPILOT_API_KEY");
  if (key == nullptr || *key == '\0')
    return absl::InvalidArgumentError(
        "--partners-from needs a vendor API key in the environment variable ICOPILOT_API_KEY");
  net::ClientRequest request;
  request.url = base + "/operation-usage";
  request.headers = {{"authorization", StrCat("Bearer ", key)}, {"accept", "application/json"}};
  request.timeout = std::chrono::seconds(30);
  request.max_body_bytes = 64 * 1024 * 1024;
  ASSIGN_OR_RETURN(auto response, net::SendHttp(request));
  if (response.status != 200)
    return absl::UnavailableError(StrCat(request.url, " answered HTTP ", response.status, ": ",
                                         response.body.substr(0, 300)));
  auto json = ParseJson(response.body);
  if (!json.ok() || !json->is_object() || !json->as_object().contains("operations"))
    return absl::UnavailableError(StrCat(request.url, " did not answer with operation usage"));
  PartnerUsage usage;
  try {
    for (const auto& op : json->at("operations").as_array()) {
      const std::string key_name =
          StrCat(op.at("method").as_string().c_str(), " ", op.at("path").as_string().c_str());
      for (const auto& p : op.at("partners").as_array()) {
        PartnerUser user{std::string(p.at("id").as_string()),
                         std::string(p.at("name").as_string()),
                         p.at("certified").as_bool(),
                         {}};
        for (const auto& e : p.at("evidence").as_array())
          user.evidence.push_back(StrCat(e.at("kind").as_string().c_str(), " ",
                                         e.at("id").as_string().c_str(), " ",
                                         e.at("at").as_string().c_str()));
        usage[key_name].push_back(std::move(user));
      }
    }
  } catch (const std::exception&) {
    return absl::UnavailableError(
        StrCat(request.url, " answered operation usage of another shape"));
  }
  return usage;
}

}  // namespace icopilot::cli
