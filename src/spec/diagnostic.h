// What the spec engine reports about a document: a stable rule id, a severity, a message
// a person can act on, and where (file, JSON pointer, 1-based line and column).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace icopilot::spec {

enum class Severity { kError, kWarning, kInfo };

std::string_view SeverityName(Severity severity);

struct Diagnostic {
  std::string rule;  // "unresolved-ref"
  Severity severity = Severity::kError;
  std::string message;
  std::string file;
  std::string pointer;  // JSON pointer without '#', "" for the document
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based, in characters
};

class Diagnostics {
 public:
  void Add(std::string rule, Severity severity, std::string message, std::string file, std::string pointer);
  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic>& items() { return items_; }
  bool has_errors() const;
  int Count(Severity severity) const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace icopilot::spec
