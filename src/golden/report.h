// A run's report for people and machines: JSON (`icopilot test --format json`, the API's
// run detail) and JUnit XML for CI servers (failed as <failure>, error as <error>, skipped
// and not applicable as <skipped> with the reason).
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "golden/result.h"

namespace icopilot::golden {

boost::json::object CaseJson(const CaseResult& result);
boost::json::object ReportJson(const RunReport& report);
std::string ReportJunit(const RunReport& report, std::string_view suite_name);

}  // namespace icopilot::golden
