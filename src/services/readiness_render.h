// A readiness report as data (the API, certificates), as Markdown, and as a standalone
// printable HTML page made from that Markdown (cmark-gfm, no script, styles inline).
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "services/readiness.h"

namespace icopilot::services {

boost::json::object ReadinessJson(const ReadinessReport& report);

// `portal_project_url` ("https://host/projects/p_1", or the partner portal's
// ".../partner/projects/p_1") turns run and case ids into links; "" leaves them as text.
std::string ReadinessMarkdown(const ReadinessReport& report, std::string_view portal_project_url);
std::string ReadinessHtml(const ReadinessReport& report, std::string_view portal_project_url);

}  // namespace icopilot::services
