// Finds JSON pointers in JSON text. Only runs when there are diagnostics to place, so it
// favours simplicity over speed; the text already parsed, so it is well-formed and its
// depth is bounded.
#include <set>

#include <boost/json/parse.hpp>

#include "absl/container/flat_hash_map.h"
#include "core/json_pointer.h"
#include "spec/source_document.h"

namespace icopilot::spec {
namespace {

class Locator {
 public:
  Locator(std::string_view text, const std::vector<std::string>& pointers) : text_(text) {
    results_.resize(pointers.size());
    for (std::size_t i = 0; i < pointers.size(); ++i) wanted_[pointers[i]].push_back(i);
  }

  std::vector<SourcePosition> Run() {
    SkipWhitespace();
    Value(true);
    return std::move(results_);
  }

  // Instead of locating: the pointers of object members whose key repeats an earlier one.
  std::vector<std::string> FindDuplicates() {
    collect_duplicates_ = true;
    SkipWhitespace();
    Value(true);
    return std::move(duplicates_);
  }

 private:
  bool AtEnd() const {
    return pos_ >= text_.size() || (!collect_duplicates_ && found_ == wanted_.size());
  }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void Advance() {
    char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }

  void SkipWhitespace() {
    while (pos_ < text_.size() &&
           (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r'))
      Advance();
  }

  void Mark(int line, int column) {
    auto it = wanted_.find(path_);
    if (it == wanted_.end()) return;
    for (std::size_t index : it->second) {
      if (results_[index].line == 0) results_[index] = {line, column};
    }
    ++found_;
  }

  void Value(bool mark_here) {
    if (AtEnd()) return;
    if (mark_here) Mark(line_, column_);
    char c = Peek();
    if (c == '{') return Object();
    if (c == '[') return Array();
    if (c == '"') return (void)String(nullptr);
    while (pos_ < text_.size() &&
           std::string_view(",]} \t\r\n").find(Peek()) == std::string_view::npos)
      Advance();
  }

  void Object() {
    Advance();  // {
    std::set<std::string> keys;
    while (!AtEnd()) {
      SkipWhitespace();
      if (Peek() == '}') return Advance();
      int line = line_, column = column_;
      std::string key;
      String(&key);
      std::size_t saved = path_.size();
      path_ += '/';
      path_ += EscapePointerToken(key);
      if (collect_duplicates_ && !keys.insert(key).second) duplicates_.push_back(path_);
      Mark(line, column);
      SkipWhitespace();
      if (Peek() == ':') Advance();
      SkipWhitespace();
      Value(false);
      path_.resize(saved);
      SkipWhitespace();
      if (Peek() == ',') Advance();
    }
  }

  void Array() {
    Advance();  // [
    std::size_t index = 0;
    while (!AtEnd()) {
      SkipWhitespace();
      if (Peek() == ']') return Advance();
      std::size_t saved = path_.size();
      path_ += '/';
      path_ += std::to_string(index++);
      Value(true);
      path_.resize(saved);
      SkipWhitespace();
      if (Peek() == ',') Advance();
    }
  }

  bool String(std::string* out) {
    Advance();  // opening quote
    std::size_t start = pos_;
    bool escaped = false;
    while (pos_ < text_.size() && Peek() != '"') {
      if (Peek() == '\\') {
        escaped = true;
        Advance();
      }
      if (pos_ < text_.size()) Advance();
    }
    std::string_view raw = text_.substr(start, pos_ - start);
    if (pos_ < text_.size()) Advance();  // closing quote
    if (out == nullptr) return true;
    if (!escaped) {
      out->assign(raw);
      return true;
    }
    boost::system::error_code ec;
    auto decoded = boost::json::parse(std::string("\"") + std::string(raw) + "\"", ec);
    if (ec || !decoded.is_string()) return false;
    out->assign(decoded.as_string().data(), decoded.as_string().size());
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::string path_;
  absl::flat_hash_map<std::string, std::vector<std::size_t>> wanted_;
  std::size_t found_ = 0;
  std::vector<SourcePosition> results_;
  bool collect_duplicates_ = false;
  std::vector<std::string> duplicates_;
};

}  // namespace

std::vector<std::string> FindDuplicateKeysInJson(std::string_view text) {
  return Locator(text, {}).FindDuplicates();
}

std::vector<SourcePosition> LocateInJson(std::string_view text,
                                         const std::vector<std::string>& pointers) {
  if (pointers.empty()) return {};
  return Locator(text, pointers).Run();
}

}  // namespace icopilot::spec
