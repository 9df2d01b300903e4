#include "traces/trace.h"

#include <cctype>

#include "core/strings.h"

namespace icopilot::traces {
namespace {

boost::json::array HeadersJson(const HeaderList& headers) {
  boost::json::array out;
  for (const auto& [name, value] : headers) out.push_back({name, value});
  return out;
}

void Cut(std::string& body, bool& truncated) {
  if (body.size() <= kMaxTraceBody) return;
  std::size_t end = kMaxTraceBody;
  // Back to a character boundary: never end inside a UTF-8 sequence.
  while (end > 0 && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) --end;
  body.resize(end);
  truncated = true;
}

// A violation message quotes the value it is about, cut at a length: the cut can hide
// personal data from the detectors ("'call +1 415...'"). Quoted values holding an '@' or
// three digits in a row are masked whole.
std::size_t MaskQuotedValues(std::string& message) {
  std::size_t count = 0;
  std::size_t at = 0;
  while ((at = message.find('\'', at)) != std::string::npos) {
    std::size_t end = message.find('\'', at + 1);
    if (end == std::string::npos) break;
    std::string_view quoted(message.data() + at + 1, end - at - 1);
    bool personal = quoted.find('@') != std::string_view::npos;
    int run = 0;
    for (char c : quoted) {
      run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
      personal |= run >= 3;
    }
    if (personal && quoted != "[masked]") {
      message.replace(at + 1, end - at - 1, "[masked]");
      end = at + 1 + 8;
      ++count;
    }
    at = end + 1;
  }
  return count;
}

}  // namespace

void Redact(const Redactor& redactor, Trace& trace, const Redactor::Fields& extra_fields) {
  std::size_t count = redactor.RedactUrl(trace.url, extra_fields);
  count += redactor.RedactHeaders(trace.request_headers);
  count += redactor.RedactHeaders(trace.response_headers);
  count += redactor.RedactBody(trace.request_body, extra_fields);
  count += redactor.RedactBody(trace.response_body, extra_fields);
  for (auto& violation : trace.violations) {
    count += redactor.RedactText(violation.message);
    count += MaskQuotedValues(violation.message);
  }
  trace.redactions += count;
}

void Truncate(Trace& trace) {
  Cut(trace.request_body, trace.request_body_truncated);
  Cut(trace.response_body, trace.response_body_truncated);
}

boost::json::object TraceJson(const Trace& trace) {
  boost::json::array violations;
  for (const auto& v : trace.violations) {
    violations.push_back({{"side", v.side},
                          {"location", v.location},
                          {"message", v.message},
                          {"keyword", v.keyword}});
  }
  return {{"started_at", trace.started_at},
          {"duration_ms", trace.duration_ms},
          {"operation_id", trace.operation_id.empty() ? boost::json::value(nullptr)
                                                      : boost::json::value(trace.operation_id)},
          {"request",
           {{"method", trace.method},
            {"url", trace.url},
            {"headers", HeadersJson(trace.request_headers)},
            {"body", trace.request_body},
            {"body_truncated", trace.request_body_truncated}}},
          {"response",
           {{"status", trace.status},
            {"headers", HeadersJson(trace.response_headers)},
            {"body", trace.response_body},
            {"body_truncated", trace.response_body_truncated}}},
          {"violations", std::move(violations)},
          {"redactions", trace.redactions}};
}

}  // namespace icopilot::traces
