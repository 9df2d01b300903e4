#include "core/json_pointer.h"

#include <algorithm>
#include <charconv>

namespace icopilot {

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size() + 1);
  AppendPointerToken(out, token);
  return out.substr(1);  // without the leading '/'
}

void AppendPointerToken(std::string& pointer, std::string_view token) {
  pointer.push_back('/');
  // Most tokens need no escaping: copied in runs between the characters that do.
  // (string_view::find_first_of calls memchr on "~/" once per character: slower.)
  auto special = [](char c) { return c == '~' || c == '/'; };
  auto run = token.begin();
  for (auto at = std::find_if(run, token.end(), special); at != token.end();
       at = std::find_if(run, token.end(), special)) {
    pointer.append(run, at);
    pointer += *at == '~' ? "~0" : "~1";
    run = at + 1;
  }
  pointer.append(run, token.end());
}

bool SplitPointer(std::string_view pointer, std::vector<std::string>& tokens) {
  tokens.clear();
  if (pointer.empty()) return true;
  if (pointer.front() != '/') return false;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = pointer.find('/', start);
    std::string_view raw = pointer.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    std::string token;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        token.push_back(raw[i + 1] == '0' ? '~' : '/');
        ++i;
      } else {
        token.push_back(raw[i]);
      }
    }
    tokens.push_back(std::move(token));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

const boost::json::value* FindChild(const boost::json::value& parent, std::string_view token) {
  if (const auto* object = parent.if_object()) {
    auto it = object->find(token);
    return it == object->end() ? nullptr : &it->value();
  }
  if (const auto* array = parent.if_array()) {
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (ec != std::errc() || end != token.data() + token.size() || index >= array->size() ||
        (token.size() > 1 && token[0] == '0')) {
      return nullptr;
    }
    return &(*array)[index];
  }
  return nullptr;
}

const boost::json::value* FindByPointer(const boost::json::value& root, std::string_view pointer) {
  std::vector<std::string> tokens;
  if (!SplitPointer(pointer, tokens)) return nullptr;
  const boost::json::value* current = &root;
  for (const std::string& token : tokens) {
    current = FindChild(*current, token);
    if (current == nullptr) return nullptr;
  }
  return current;
}

}  // namespace icopilot
