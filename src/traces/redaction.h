// PII redaction: what a trace must not keep, found and replaced by a typed mask that keeps
// what support needs, in one form: `[kind:kept]` or `[kind]`.
//
//   email addresses        [email:***@example.com]   (the domain)
//   payment card numbers   [card:****1111]           (Luhn-valid only; the last four)
//   IBANs                  [iban:DE**...4300]        (mod-97-valid only; country, last four)
//   phone numbers          [phone:****4567]          (international +.. or (555) 123-4567)
//   US social security     [ssn:****6789]
//   JWTs                   [jwt]
//   credential headers     [credential] ; Bearer/Basic keep their scheme: Bearer [credential]
//   secret fields by name  [secret]      (password, secret, token, api_key, ... in JSON)
//   vendor patterns (RE2)  [<name>]
//   vendor JSON Pointers   [redacted]      (in bodies; `*` matches any member or item)
//
// Runs on the raw values; the contract check runs before it, so masks never cause
// false violations.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "absl/status/statusor.h"

namespace icopilot::traces {

struct RedactionRules {
  // JSON field names (any case) whose values are replaced whole, besides the built-in ones.
  std::vector<std::string> secret_fields{};
  // Vendor-defined patterns: (name, RE2 pattern); each match becomes `[name]`.
  std::vector<std::pair<std::string, std::string>> patterns{};
  // JSON Pointers into request and response bodies whose values are replaced whole by
  // `[redacted]`; a `*` token matches every member or item at its level.
  std::vector<std::string> pointers{};
};

class Redactor {
 public:
  // InvalidArgument naming the pattern that RE2 cannot compile.
  static absl::StatusOr<Redactor> Create(const RedactionRules& rules = {});
  ~Redactor();
  Redactor(Redactor&&) noexcept;
  Redactor& operator=(Redactor&&) noexcept;

  // Each returns how many values it masked. `extra_fields` (lower case) are secret
  // field names for this call only: the ones the spec marks for an operation.
  using Fields = std::vector<std::string>;
  std::size_t RedactText(std::string& text) const;
  std::size_t RedactJson(boost::json::value& value, const Fields& extra_fields = {}) const;
  std::size_t RedactHeaders(std::vector<std::pair<std::string, std::string>>& headers) const;
  // A body: as JSON when it parses (field names count), else as text.
  std::size_t RedactBody(std::string& body, const Fields& extra_fields = {}) const;
  // A URL's query string values.
  std::size_t RedactUrl(std::string& url, const Fields& extra_fields = {}) const;

 private:
  struct Compiled;
  explicit Redactor(std::unique_ptr<Compiled> compiled);
  bool IsSecretField(const std::string& lower, const Fields& extra_fields) const;
  std::size_t MaskPointers(boost::json::value& body) const;
  std::unique_ptr<Compiled> compiled_;
};

// Luhn checksum over the digits of `text` (other characters ignored).
bool PassesLuhn(std::string_view text);
// ISO 13616 mod-97 check of an IBAN (spaces ignored).
bool PassesIbanCheck(std::string_view text);

}  // namespace icopilot::traces
