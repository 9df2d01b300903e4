#include "golden/report.h"

#include <cstdio>

#include "core/strings.h"

namespace icopilot::golden {
namespace {

std::string XmlEscaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 has no place for other control characters.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
          out += ' ';
        else
          out += c;
    }
  }
  return out;
}

std::string Seconds(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", ms / 1000.0);
  return text;
}

std::string TestName(const CaseResult& result) {
  return result.operation_id.empty() ? std::string(result.c->id)
                                     : StrCat(result.c->id, " ", result.operation_id);
}

}  // namespace

boost::json::object CaseJson(const CaseResult& result) {
  boost::json::object item{{"id", result.c->id},
                           {"category", spec::CategoryName(result.c->category)},
                           {"title", result.c->title},
                           {"status", VerdictName(result.status)},
                           {"required", result.required},
                           {"reason", result.reason},
                           {"rule", RuleName(result.c->rule)},
                           {"basis", result.c->basis},
                           {"duration_ms", result.duration_ms}};
  if (!result.operation_id.empty()) {
    item["operation"] = boost::json::object{
        {"operation_id", result.operation_id}, {"method", result.method}, {"path", result.path}};
  } else {
    item["operation"] = nullptr;
  }
  boost::json::array notes;
  for (const auto& note : result.notes) notes.push_back(boost::json::string(note));
  item["notes"] = std::move(notes);
  boost::json::array evidence;
  for (const auto& exchange : result.evidence) evidence.push_back(ExchangeJson(exchange));
  item["evidence"] = std::move(evidence);
  return item;
}

boost::json::object ReportJson(const RunReport& report) {
  boost::json::array cases;
  for (const auto& result : report.cases) cases.push_back(CaseJson(result));
  return {{"summary",
           {{"passed", report.summary.passed},
            {"warnings", report.summary.warnings},
            {"failed", report.summary.failed},
            {"errors", report.summary.errors},
            {"not_set_up", report.summary.not_set_up},
            {"skipped", report.summary.skipped},
            {"not_applicable", report.summary.not_applicable}}},
          {"passed", report.Passed()},
          {"requests", report.requests},
          {"duration_ms", report.duration_ms},
          {"cases", std::move(cases)}};
}

// JUnit has passed, failure, error and skipped. A warning is a pass with its message in
// system-out; a required case that could not be set up is an error (the run cannot pass
// on it), an optional one a skip.
std::string ReportJunit(const RunReport& report, std::string_view suite_name) {
  RunSummary s = report.summary;
  std::size_t blocking_gaps = 0;
  for (const CaseResult& result : report.cases)
    blocking_gaps += result.status == Verdict::kNotSetUp && result.required;
  s.errors += blocking_gaps;
  s.skipped += s.not_set_up - blocking_gaps;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += StrCat("<testsuites name=\"icopilot golden suite\" tests=\"", report.cases.size(),
                "\" failures=\"", s.failed, "\" errors=\"", s.errors, "\" skipped=\"",
                s.skipped + s.not_applicable, "\" time=\"", Seconds(report.duration_ms), "\">\n");
  out += StrCat("  <testsuite name=\"", XmlEscaped(suite_name), "\" tests=\"", report.cases.size(),
                "\" failures=\"", s.failed, "\" errors=\"", s.errors, "\" skipped=\"",
                s.skipped + s.not_applicable, "\" time=\"", Seconds(report.duration_ms), "\">\n");
  for (const CaseResult& result : report.cases) {
    out += StrCat("    <testcase classname=\"", XmlEscaped(spec::CategoryName(result.c->category)),
                  "\" name=\"", XmlEscaped(TestName(result)), "\" time=\"",
                  Seconds(result.duration_ms), "\"");
    const std::string reason = XmlEscaped(result.reason);
    switch (result.status) {
      case Verdict::kPassed:
        out += "/>\n";
        continue;
      case Verdict::kWarning:
        out += StrCat(">\n      <system-out>warning (", RuleName(result.c->rule), ": ",
                      XmlEscaped(result.c->basis), "): ", reason, "</system-out>\n");
        break;
      case Verdict::kNotSetUp:
        if (result.required)
          out += StrCat(">\n      <error type=\"not-set-up\" message=\"not set up: ", reason, "\">",
                        reason, "</error>\n");
        else
          out += StrCat(">\n      <skipped message=\"not set up: ", reason, "\"/>\n");
        break;
      case Verdict::kFailed:
        out += StrCat(">\n      <failure message=\"", reason, "\">", reason, "</failure>\n");
        break;
      case Verdict::kError:
        out += StrCat(">\n      <error message=\"", reason, "\">", reason, "</error>\n");
        break;
      case Verdict::kSkipped:
        out += StrCat(">\n      <skipped message=\"", reason, "\"/>\n");
        break;
      case Verdict::kNotApplicable:
        out += StrCat(">\n      <skipped message=\"not applicable: ", reason, "\"/>\n");
        break;
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace icopilot::golden
