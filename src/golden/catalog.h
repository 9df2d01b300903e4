// The golden suite's catalog: the conformance cases in ten categories, each with a stable
// id, what it sends, what it expects, when it applies and what evidence it keeps. The
// runner executes them; `docs/golden-tests.md` is generated from this list (a test keeps
// the two equal), so the documentation cannot drift from the code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spec/blueprint.h"
#include "spec/model.h"

namespace icopilot::golden {

// The ten categories, in report order.
const std::vector<std::string_view>& Categories();

// Where a case is checked: once per operation it applies to, or once for the API.
enum class Scope { kOperation, kApi };

// What a departure from the case's expectation means. A contract rule is something the
// spec states or an RFC requires (MUST): a breach fails. A convention is what good APIs
// do and nothing obliges (a 415 for a lenient media type, rate-limit headers): a
// departure is a warning, never a failure.
enum class Rule { kContract, kConvention };
std::string_view RuleName(Rule rule);  // "contract", "convention"

struct Case {
  std::string_view id;        // "authentication.missing-credentials"
  std::string_view category;  // "authentication"
  std::string_view title;
  std::string_view sends;
  std::string_view expects;
  std::string_view applies;   // when it applies, in words
  std::string_view evidence;  // what the result keeps
  Scope scope = Scope::kOperation;
  // It sends POST, PUT, PATCH or DELETE whatever the operation (an API-wide case):
  // skipped when the run may send only safe methods. A per-operation case sends its
  // operation's method, so it is unsafe where the operation is.
  bool unsafe = false;
  Rule rule = Rule::kContract;
  // Where the expectation comes from, in words a vendor can check: "the operation's
  // security requirement (OpenAPI 3.1 §4.8.30)", "RFC 9110 §15.5.2".
  std::string_view basis;
};

const std::vector<Case>& AllCases();
// Null when no case has this id.
const Case* FindCase(std::string_view id);

// Whether `c` applies to operation `index` of `spec` (for API-wide cases: whether it
// applies to the API, `index` unused); `why_not` says why not, in a partner's words.
bool Applies(const Case& c, const spec::Spec& spec, const spec::Blueprint& blueprint,
             std::size_t index, std::string& why_not);

// The catalog as Markdown: docs/golden-tests.md.
std::string CatalogMarkdown();

}  // namespace icopilot::golden
