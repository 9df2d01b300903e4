#include "traces/redaction.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>

#include <boost/json/serialize.hpp>
#include <re2/re2.h>

#include "core/json.h"
#include "core/json_pointer.h"
#include "core/strings.h"

namespace icopilot::traces {
namespace {

// A detector: a pattern and what a match becomes ("" to leave it, as when a checksum fails).
struct Detector {
  std::unique_ptr<re2::RE2> pattern;
  std::function<std::string(std::string_view)> mask;
};

std::string Digits(std::string_view text) {
  std::string out;
  for (char c : text)
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
  return out;
}

std::string LastN(std::string_view text, std::size_t n) {
  return std::string(text.substr(text.size() > n ? text.size() - n : 0));
}

const std::vector<std::string_view>& BuiltInSecretFields() {
  static const std::vector<std::string_view> fields = {
      "password", "passwd",       "pass",          "secret",      "client_secret",
      "token",    "access_token", "refresh_token", "id_token",    "api_key",
      "apikey",   "private_key",  "authorization", "cvv",         "cvc",
      "ssn",      "pin",          "otp",           "credentials", "session"};
  return fields;
}

// Schemes an Authorization value starts with: kept so support sees how the call authenticated.
bool IsAuthScheme(std::string_view word) {
  std::string lower = ToLower(word);
  return lower == "bearer" || lower == "basic" || lower == "token" || lower == "digest";
}

bool IsSecretHeader(std::string_view name) {
  std::string lower = ToLower(name);
  return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie" ||
         lower == "set-cookie" || lower.find("api-key") != std::string::npos ||
         lower.find("apikey") != std::string::npos || lower.find("token") != std::string::npos ||
         lower.find("secret") != std::string::npos || lower == "x-copilot-key";
}

}  // namespace

bool PassesLuhn(std::string_view text) {
  std::string digits = Digits(text);
  if (digits.size() < 12) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool PassesIbanCheck(std::string_view text) {
  std::string compact;
  for (char c : text)
    if (c != ' ') compact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (compact.size() < 15 || compact.size() > 34) return false;
  std::string rearranged = compact.substr(4) + compact.substr(0, 4);
  int remainder = 0;
  for (char c : rearranged) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else if (c >= 'A' && c <= 'Z') {
      int value = c - 'A' + 10;
      remainder = (remainder * 100 + value) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

struct Redactor::Compiled {
  std::vector<Detector> detectors;
  std::vector<std::string> secret_fields;          // lower case
  std::vector<std::vector<std::string>> pointers;  // unescaped tokens
};

absl::StatusOr<Redactor> Redactor::Create(const RedactionRules& rules) {
  auto compiled = std::make_unique<Compiled>();
  auto add = [&](std::string_view pattern, std::function<std::string(std::string_view)> mask) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!re->ok()) return false;
    compiled->detectors.push_back({std::move(re), std::move(mask)});
    return true;
  };
  // Most specific first: a JWT or an IBAN holds digits a looser detector would take.
  add(R"(\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*)",
      [](std::string_view) { return std::string("[jwt]"); });
  add(R"([A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}))",
      [](std::string_view match) {
        return StrCat("[email:***@", match.substr(match.find('@') + 1), "]");
      });
  add(R"(\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b)", [](std::string_view match) {
    if (!PassesIbanCheck(match)) return std::string();
    std::string compact;
    for (char c : match)
      if (c != ' ') compact += c;
    return StrCat("[iban:", compact.substr(0, 2), "**...", LastN(compact, 4), "]");
  });
  add(R"(\b\d{3}-\d{2}-\d{4}\b)",
      [](std::string_view match) { return StrCat("[ssn:****", LastN(match, 4), "]"); });
  add(R"(\b(?:\d[ -]?){12,18}\d\b)", [](std::string_view match) {
    if (!PassesLuhn(match)) return std::string();
    return StrCat("[card:****", LastN(Digits(match), 4), "]");
  });
  add(R"((?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,4})|(?:\(\d{3}\) ?\d{3}-\d{4}))",
      [](std::string_view match) {
        std::string digits = Digits(match);
        if (digits.size() < 8) return std::string();
        return StrCat("[phone:****", LastN(digits, 4), "]");
      });
  for (const auto& [name, pattern] : rules.patterns) {
    std::string mask = StrCat("[", name, "]");
    if (!add(pattern, [mask](std::string_view) { return mask; }))
      return absl::InvalidArgumentError(
          StrCat("redaction pattern '", name, "' is not a valid RE2 expression"));
  }
  for (std::string_view field : BuiltInSecretFields()) compiled->secret_fields.emplace_back(field);
  for (const auto& field : rules.secret_fields) compiled->secret_fields.push_back(ToLower(field));
  for (const auto& pointer : rules.pointers) {
    std::vector<std::string> tokens;
    if (!SplitPointer(pointer, tokens) || tokens.empty())
      return absl::InvalidArgumentError(StrCat(
          "redaction pointer '", pointer, "' is not a JSON Pointer below the root (\"/a/b\")"));
    compiled->pointers.push_back(std::move(tokens));
  }
  return Redactor(std::move(compiled));
}

Redactor::Redactor(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}

bool Redactor::IsSecretField(const std::string& lower, const Fields& extra_fields) const {
  const auto& secrets = compiled_->secret_fields;
  return std::find(secrets.begin(), secrets.end(), lower) != secrets.end() ||
         std::find(extra_fields.begin(), extra_fields.end(), lower) != extra_fields.end();
}
Redactor::~Redactor() = default;
Redactor::Redactor(Redactor&&) noexcept = default;
Redactor& Redactor::operator=(Redactor&&) noexcept = default;

std::size_t Redactor::RedactText(std::string& text) const {
  std::size_t count = 0;
  for (const Detector& detector : compiled_->detectors) {
    std::string out;
    re2::StringPiece input(text);
    re2::StringPiece match;
    std::size_t at = 0;
    bool changed = false;
    while (at <= text.size() &&
           detector.pattern->Match(input, at, text.size(), re2::RE2::UNANCHORED, &match, 1)) {
      std::size_t start = static_cast<std::size_t>(match.data() - text.data());
      std::size_t end = start + match.size();
      std::string mask = detector.mask(std::string_view(match.data(), match.size()));
      out.append(text, at, start - at);
      if (mask.empty()) {
        out.append(text, start, end - start);
      } else {
        out += mask;
        ++count;
        changed = true;
      }
      at = end > start ? end : end + 1;
      if (end == start && start < text.size()) out += text[start];
    }
    if (!changed) continue;
    if (at < text.size()) out.append(text, at, std::string::npos);
    text = std::move(out);
  }
  return count;
}

std::size_t Redactor::RedactJson(boost::json::value& value, const Fields& extra_fields) const {
  std::size_t count = 0;
  if (value.is_string()) {
    std::string text(value.as_string());
    if (std::size_t masked = RedactText(text); masked > 0) {
      value = boost::json::string(text);
      count += masked;
    }
  } else if (value.is_array()) {
    for (auto& item : value.as_array()) count += RedactJson(item, extra_fields);
  } else if (value.is_object()) {
    for (auto& [key, field] : value.as_object()) {
      std::string lower = ToLower(key);
      if (IsSecretField(lower, extra_fields) && !field.is_null() && !field.is_object() &&
          !field.is_array()) {
        field = "[secret]";
        ++count;
      } else {
        count += RedactJson(field, extra_fields);
      }
    }
  }
  return count;
}

std::size_t Redactor::RedactHeaders(
    std::vector<std::pair<std::string, std::string>>& headers) const {
  std::size_t count = 0;
  for (auto& [name, value] : headers) {
    if (IsSecretHeader(name)) {
      std::string_view scheme(value);
      std::size_t space = scheme.find(' ');
      bool keeps_scheme = space != std::string_view::npos && IsAuthScheme(scheme.substr(0, space));
      value = keeps_scheme ? StrCat(scheme.substr(0, space), " [credential]") : "[credential]";
      ++count;
    } else {
      count += RedactText(value);
    }
  }
  return count;
}

namespace {

std::size_t MaskAt(boost::json::value& value, const std::vector<std::string>& tokens,
                   std::size_t at) {
  if (at == tokens.size()) {
    if (value.is_string() && value.as_string() == "[redacted]") return 0;
    value = "[redacted]";
    return 1;
  }
  const std::string& token = tokens[at];
  std::size_t count = 0;
  if (value.is_object()) {
    auto& object = value.as_object();
    if (token == "*") {
      for (auto& [key, child] : object) count += MaskAt(child, tokens, at + 1);
    } else if (auto* child = object.if_contains(token)) {
      count += MaskAt(*child, tokens, at + 1);
    }
  } else if (value.is_array()) {
    auto& array = value.as_array();
    if (token == "*") {
      for (auto& child : array) count += MaskAt(child, tokens, at + 1);
    } else {
      std::size_t index = 0;
      auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (error == std::errc() && end == token.data() + token.size() && index < array.size())
        count += MaskAt(array[index], tokens, at + 1);
    }
  }
  return count;
}

}  // namespace

std::size_t Redactor::MaskPointers(boost::json::value& body) const {
  std::size_t count = 0;
  for (const auto& tokens : compiled_->pointers) count += MaskAt(body, tokens, 0);
  return count;
}

std::size_t Redactor::RedactBody(std::string& body, const Fields& extra_fields) const {
  if (body.empty()) return 0;
  auto parsed = ParseJson(body);
  if (parsed.ok() && (parsed->is_object() || parsed->is_array())) {
    std::size_t count = MaskPointers(*parsed) + RedactJson(*parsed, extra_fields);
    if (count > 0) body = boost::json::serialize(*parsed);
    return count;
  }
  return RedactText(body);
}

std::size_t Redactor::RedactUrl(std::string& url, const Fields& extra_fields) const {
  std::size_t query = url.find('?');
  if (query == std::string::npos) return RedactText(url);
  std::string path = url.substr(0, query);
  std::string rebuilt;
  std::size_t count = RedactText(path);
  for (const auto& [key, value] : ParseQueryString(std::string_view(url).substr(query + 1))) {
    std::string text = value;
    std::string lower = ToLower(key);
    if (IsSecretField(lower, extra_fields) || lower.find("key") != std::string::npos ||
        lower.find("token") != std::string::npos) {
      text = "[secret]";
      ++count;
    } else {
      count += RedactText(text);
    }
    rebuilt +=
        StrCat(rebuilt.empty() ? "" : "&", PercentEncode(key), "=", PercentEncode(text, "[]:*@"));
  }
  if (count > 0) url = StrCat(path, "?", rebuilt);
  return count;
}

}  // namespace icopilot::traces
