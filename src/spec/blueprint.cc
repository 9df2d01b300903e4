#include "spec/blueprint.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "core/strings.h"

namespace icopilot::spec {
namespace {

bool IsMutating(Method method) {
  return method == Method::kPost || method == Method::kPut || method == Method::kPatch ||
         method == Method::kDelete;
}

bool DocumentsRateLimits(const Operation& op) {
  for (const Response& response : op.responses) {
    if (response.status == "429") return true;
    for (const Header& header : response.headers) {
      std::string lower = ToLower(header.name);
      if (lower.starts_with("ratelimit") || lower.starts_with("x-ratelimit") ||
          lower.starts_with("x-rate-limit") || lower == "retry-after") {
        return true;
      }
    }
  }
  return false;
}

std::optional<std::uint64_t> Count(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_uint64() && v->as_uint64() > 0) return v->as_uint64();
  if (v->is_int64() && v->as_int64() > 0) return static_cast<std::uint64_t>(v->as_int64());
  if (v->is_string()) {
    std::string_view text = v->as_string();
    text = TrimWhitespace(text.substr(0, text.find(';')));  // "100;w=60" (the IETF draft)
    std::uint64_t n = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error == std::errc() && end == text.data() + text.size() && n > 0) return n;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> StatedRateLimit(const Operation& op) {
  for (const Response& response : op.responses) {
    for (const Header& header : response.headers) {
      const std::string lower = ToLower(header.name);
      if (lower != "ratelimit-limit" && lower != "x-ratelimit-limit" &&
          lower != "x-rate-limit-limit")
        continue;
      const auto* schema = header.schema != nullptr ? header.schema->if_object() : nullptr;
      if (schema == nullptr) continue;
      for (std::string_view key : {"const", "example", "default"}) {
        if (auto n = Count(schema->if_contains(key))) return n;
      }
      if (const auto* examples = schema->if_contains("examples");
          examples != nullptr && examples->is_array() && !examples->as_array().empty()) {
        if (auto n = Count(&examples->as_array().front())) return n;
      }
    }
  }
  return std::nullopt;
}

bool HasErrorResponse(const Operation& op) {
  return std::any_of(op.responses.begin(), op.responses.end(), [](const Response& r) {
    return r.status == "default" || r.status.starts_with('4') || r.status.starts_with('5');
  });
}

bool HasResponseSchema(const Operation& op) {
  for (const Response& response : op.responses) {
    for (const MediaType& media : response.content) {
      if (media.schema != nullptr && !media.schema->is_null()) return true;
    }
  }
  return false;
}

std::string Count(std::size_t n, std::string_view what) {
  return StrCat(n, " ", what, n == 1 ? "" : "s");
}

// "3 of 7 operations: <what>", which reads the same for one or many.
std::string Share(std::size_t n, std::size_t total, std::string_view what) {
  return StrCat(n, " of ", Count(total, "operation"), " ", what);
}

}  // namespace

const Category& Blueprint::Find(TestCategory id) const {
  for (const Category& category : categories) {
    if (category.id == id) return category;
  }
  static const auto kNotBuilt = [] {
    std::array<Category, kTestCategories.size()> all;
    for (std::size_t i = 0; i < all.size(); ++i)
      all[i] = {kTestCategories[i], false, "no blueprint was built"};
    return all;
  }();
  return kNotBuilt[static_cast<std::size_t>(id)];
}

Blueprint BuildBlueprint(const Spec& spec) {
  Blueprint blueprint;
  std::size_t secured = 0, scoped = 0, validated = 0, schemas = 0, errors = 0, mutating = 0,
              keyed = 0, limited = 0, paginated = 0, callbacks = 0;
  for (const Operation& op : spec.operations) {
    OperationTraits traits;
    traits.mutating = IsMutating(op.method);
    traits.pagination = DetectPagination(op);
    for (const Parameter& parameter : op.parameters) {
      if (parameter.in == ParameterIn::kHeader &&
          ToLower(parameter.name).find("idempotency") != std::string::npos) {
        traits.idempotency_header = parameter.name;
      }
    }
    traits.rate_limit_documented = DocumentsRateLimits(op);
    traits.stated_rate_limit = StatedRateLimit(op);
    const auto& security = op.security_declared ? op.security : spec.security;
    bool requires_auth =
        std::any_of(security.begin(), security.end(), [](const auto& r) { return !r.empty(); });
    bool has_scopes = std::any_of(security.begin(), security.end(), [](const auto& requirement) {
      return std::any_of(requirement.begin(), requirement.end(),
                         [](const auto& s) { return !s.second.empty(); });
    });
    secured += requires_auth;
    scoped += has_scopes;
    validated += !op.parameters.empty() || op.request_body.has_value();
    schemas += HasResponseSchema(op);
    errors += HasErrorResponse(op);
    mutating += traits.mutating;
    keyed += !traits.idempotency_header.empty();
    limited += traits.rate_limit_documented;
    paginated += traits.pagination.has_value();
    callbacks += !op.callbacks.empty();
    blueprint.operations.push_back(std::move(traits));
  }
  const std::size_t total = spec.operations.size();
  // In kTestCategories order.
  auto add = [&](TestCategory id, bool applicable, std::string reason) {
    blueprint.categories.push_back({id, applicable, std::move(reason)});
  };
  add(TestCategory::kAuthentication, secured > 0,
      secured > 0 ? StrCat(Share(secured, total, "need credentials"), " (",
                           Count(spec.security_schemes.size(), "security scheme"), ")")
                  : "no operation requires credentials");
  add(TestCategory::kAuthorization, scoped > 0,
      scoped > 0 ? Share(scoped, total, "need OAuth scopes")
                 : "no operation requires scopes, so there is no narrower token to try");
  add(TestCategory::kRequestValidation, validated > 0,
      validated > 0 ? Share(validated, total, "take parameters or a body")
                    : "no operation takes parameters or a body");
  add(TestCategory::kResponseConformance, schemas > 0,
      schemas > 0 ? Share(schemas, total, "have a response schema")
                  : "no response documents a schema to check against");
  add(TestCategory::kErrorHandling, errors > 0,
      errors > 0 ? Share(errors, total, "have 4xx, 5xx or default responses")
                 : "no operation documents an error response");
  add(TestCategory::kIdempotency, mutating > 0,
      mutating == 0 ? "read-only API: no operation changes anything"
      : keyed > 0   ? Share(keyed, total, "take an idempotency key header")
                    : StrCat(Share(mutating, total, "change state"),
                             "; PUT and DELETE must be idempotent by HTTP"));
  add(TestCategory::kRateLimiting, limited > 0,
      limited > 0 ? Share(limited, total, "have 429 or rate-limit headers")
                  : "no 429 response or rate-limit header is documented");
  add(TestCategory::kPagination, paginated > 0,
      paginated > 0 ? Share(paginated, total, "page their results")
                    : "no list operation with paging parameters");
  add(TestCategory::kWebhooks, !spec.webhooks.empty() || callbacks > 0,
      !spec.webhooks.empty() || callbacks > 0 ? StrCat(Count(spec.webhooks.size(), "webhook"), "; ",
                                                       Share(callbacks, total, "have callbacks"))
                                              : "no webhooks or callbacks");
  add(TestCategory::kPerformance, total > 0,
      total > 0 ? StrCat(Count(total, "operation"), " to time") : "no operations");
  return blueprint;
}

}  // namespace icopilot::spec
