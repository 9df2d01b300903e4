#include "golden/catalog.h"

#include "core/strings.h"
#include "golden/cases.h"

namespace icopilot::golden {

std::string_view RuleName(Rule rule) { return rule == Rule::kContract ? "contract" : "convention"; }

const std::vector<Case>& AllCases() {
  static const std::vector<Case> cases = [] {
    std::vector<Case> all;
    for (auto rows : {AuthenticationCases, AuthorizationCases, RequestValidationCases,
                      ResponseConformanceCases, ErrorHandlingCases, IdempotencyCases,
                      RateLimitingCases, PaginationCases, WebhooksCases, PerformanceCases}) {
      for (Case& c : rows()) all.push_back(c);
    }
    return all;
  }();
  return cases;
}

const Case* FindCase(std::string_view id) {
  for (const Case& c : AllCases()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool Applies(const Case& c, const spec::Spec& spec, const spec::Blueprint& blueprint,
             std::size_t index, std::string& why_not) {
  return c.applies(Subject{spec, blueprint, index}, why_not);
}

bool TakesInput(const spec::Operation& op) {
  return !op.parameters.empty() || op.request_body.has_value();
}

std::string CatalogMarkdown() {
  std::string out =
      "# Golden test catalog\n\n"
      "Generated from the catalog's rows (`src/golden/cases_*.cc`) by `icopilot test --catalog`; a "
      "test keeps this "
      "file equal to it.\n\n"
      "Each case ends at one level, with a reason and its evidence:\n\n"
      "- **passed**: the API did what the case's basis asks.\n"
      "- **warning**: a departure from a *convention* (a lenient media type, no rate-limit "
      "headers). Worth fixing; never blocks a run. JUnit shows it as passed with a message.\n"
      "- **failed**: a breach of a *contract rule*: the spec's own words or an RFC's MUST.\n"
      "- **error**: the case could not finish (the target did not answer, a token endpoint "
      "refused).\n"
      "- **not set up**: the runner could not set the case up (no valid request could be "
      "built, no success answer to check, no id of the right shape). A gap in what the run "
      "proves: a required case left not set up keeps the run from passing, and the "
      "summary counts these apart from skips.\n"
      "- **skipped**: left out by the run's options, or for a reason the API gives (a server "
      "that never issues a narrower token).\n"
      "- **not applicable**: the case does not apply to this operation or API.\n\n"
      "Each case names its basis and whether it is a contract rule (a breach fails) or a "
      "convention (a departure warns). A valid request answered with a status the operation "
      "does not document fails; an invalid request answered with an undocumented 4xx is a "
      "warning, since OpenAPI does not require every error to be listed.\n\n"
      "A case marked *per operation* yields one result per "
      "operation it applies to. `--read-only` skips every case on an operation whose method "
      "is not GET, HEAD or OPTIONS, and the cases marked *unsafe*, which send such a method "
      "themselves.\n";
  for (TestCategory category : spec::kTestCategories) {
    out += StrCat("\n## ", spec::CategoryName(category), "\n");
    for (const Case& c : AllCases()) {
      if (c.category != category) continue;
      out += StrCat("\n### `", c.id, "`: ", c.title, "\n\n");
      out += StrCat("- Sends: ", c.sends, "\n");
      out += StrCat("- Expects: ", c.expects, "\n");
      out += StrCat("- Applies to: ", c.applies_to, "\n");
      out += StrCat("- Evidence: ", c.evidence, "\n");
      out += StrCat("- Basis: ", c.basis, " (", RuleName(c.rule),
                    c.rule == Rule::kContract ? ": a breach fails" : ": a departure warns", ")\n");
      out += StrCat("- ", c.scope == Scope::kOperation ? "Per operation" : "Once per API",
                    c.unsafe ? "; unsafe" : "", "\n");
    }
  }
  out +=
      StrCat("\n", AllCases().size(), " cases in ", spec::kTestCategories.size(), " categories.\n");
  return out;
}

}  // namespace icopilot::golden
