// The golden suite's catalog: the conformance cases in ten categories, each with a stable
// id, what it sends, what it expects, its basis, and its own two functions: `applies`
// (whether it concerns an operation or the API, and why not) and `run` (send, judge,
// keep evidence). Each row is defined beside its code in cases_<category>.cc; this file
// gathers them in report order. `docs/golden-tests.md` is generated from the rows (a
// test keeps the two equal), so the documentation cannot drift from the code.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "spec/blueprint.h"
#include "spec/model.h"
#include "spec/test_category.h"

namespace icopilot::golden {

using spec::TestCategory;

class CaseContext;

// Where a case is checked: once per operation it applies to, or once for the API.
enum class Scope { kOperation, kApi };

// What a departure from the case's expectation means. A contract rule is something the
// spec states or an RFC requires (MUST): a breach fails. A convention is what good APIs
// do and nothing obliges (a 415 for a lenient media type, rate-limit headers): a
// departure is a warning, never a failure.
enum class Rule { kContract, kConvention };
std::string_view RuleName(Rule rule);  // "contract", "convention"

// What a case's `applies` function looks at: the spec, its blueprint and, for a
// per-operation case, the operation.
struct Subject {
  const spec::Spec& spec;
  const spec::Blueprint& blueprint;
  std::size_t index = 0;  // into spec.operations; unused for a case checked once per API

  const spec::Operation& op() const { return spec.operations[index]; }
  const spec::OperationTraits& traits() const { return blueprint.operations[index]; }
};

// True when the case applies; else false with why not, in a partner's words.
using AppliesFn = bool (*)(const Subject& subject, std::string& why_not);
// Runs the case for the context's row and ends it with a verdict.
using RunFn = void (*)(CaseContext& context);

struct Case {
  std::string_view id;  // "authentication.missing-credentials"
  TestCategory category = TestCategory::kAuthentication;
  std::string_view title;
  std::string_view sends;
  std::string_view expects;
  std::string_view applies_to;  // when it applies, in words
  std::string_view evidence;    // what the result keeps
  Scope scope = Scope::kOperation;
  // It sends POST, PUT, PATCH or DELETE whatever the operation (an API-wide case):
  // skipped when the run may send only safe methods. A per-operation case sends its
  // operation's method, so it is unsafe where the operation is.
  bool unsafe = false;
  Rule rule = Rule::kContract;
  // Where the expectation comes from, in words a vendor can check: "the operation's
  // security requirement (OpenAPI 3.1 §4.8.30)", "RFC 9110 §15.5.2".
  std::string_view basis;
  AppliesFn applies = nullptr;
  RunFn run = nullptr;
};

// Every case, by category in kTestCategories order.
const std::vector<Case>& AllCases();
// Null when no case has this id.
const Case* FindCase(std::string_view id);

// Whether `c` applies to operation `index` of `spec` (for API-wide cases: whether it
// applies to the API, `index` unused); `why_not` says why not, in a partner's words.
bool Applies(const Case& c, const spec::Spec& spec, const spec::Blueprint& blueprint,
             std::size_t index, std::string& why_not);

// For the rows' applies functions: whether the operation takes parameters or a body.
bool TakesInput(const spec::Operation& op);

// The catalog as Markdown: docs/golden-tests.md.
std::string CatalogMarkdown();

// For the rows: what every exchange keeps as evidence.
inline constexpr std::string_view kExchangeEvidence =
    "the exchange: method, URL, headers (secrets masked), bodies up to 64 KiB, timings";

}  // namespace icopilot::golden
