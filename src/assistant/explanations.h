// What an HTTP status, a problem type or a contract violation means for the developer who
// got it, and what usually fixes it: the general knowledge the assistant adds to the
// partner's own evidence (RFC 9110 for statuses, RFC 6750 for bearer-token errors, RFC
// 6585 for 428 and 429, RFC 9457 for problem details, JSON Schema for the keywords).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace icopilot::assistant {

struct Explanation {
  std::string meaning;  // one sentence: what the answer says happened
  std::string fix;      // one or two sentences: what the caller changes
  std::string source;   // "RFC 9110 §15.5.4"
};

// Statuses an API answers with; nullopt for ones too rare to say anything useful about.
std::optional<Explanation> ExplainStatus(int status);

// A JSON Schema keyword a violation names (type, required, enum, format, pattern, minimum,
// maximum, minLength, maxLength, additionalProperties, ...) or a contract check's own
// (status: an undocumented status; content-type; operation: no operation matched).
std::optional<Explanation> ExplainKeyword(std::string_view keyword);

// The error of an RFC 6750 WWW-Authenticate challenge (`error="insufficient_scope"`).
std::optional<Explanation> ExplainBearerError(std::string_view error);

}  // namespace icopilot::assistant
