#include "mock/response_choice.h"

#include <cctype>

#include "core/strings.h"

namespace icopilot::mock {

int StatusOf(const spec::Response& response) {
  const std::string& s = response.status;
  if (s.size() == 3 && std::isdigit(static_cast<unsigned char>(s[0]))) {
    if (std::isdigit(static_cast<unsigned char>(s[1]))) return std::stoi(s);
    return (s[0] - '0') * 100;  // 2XX -> 200
  }
  return 0;
}

const spec::Response* FindResponse(const spec::Operation& op, int code) {
  for (const auto& r : op.responses) {
    if (StatusOf(r) == code && std::isdigit(static_cast<unsigned char>(r.status[1]))) return &r;
  }
  for (const auto& r : op.responses) {
    if (r.status.size() == 3 && r.status[0] - '0' == code / 100 &&
        !std::isdigit(static_cast<unsigned char>(r.status[1]))) {
      return &r;
    }
  }
  return nullptr;
}

const spec::Response* DefaultResponse(const spec::Operation& op) {
  const spec::Response* best = nullptr;
  for (const auto& r : op.responses) {
    int code = StatusOf(r);
    if (code >= 200 && code < 300 && (best == nullptr || code < StatusOf(*best))) best = &r;
  }
  if (best != nullptr) return best;
  for (const auto& r : op.responses) {
    if (r.status == "default") return &r;
  }
  return op.responses.empty() ? nullptr : &op.responses.front();
}

const spec::MediaType* Negotiate(const std::vector<spec::MediaType>& content,
                                 std::string_view accept) {
  if (content.empty()) return nullptr;
  accept = TrimWhitespace(accept);
  if (accept.empty()) return &content.front();
  std::size_t start = 0;
  while (start <= accept.size()) {
    std::size_t comma = accept.find(',', start);
    std::string_view range = TrimWhitespace(accept.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    start = comma == std::string_view::npos ? accept.size() + 1 : comma + 1;
    if (range.find("q=0") != std::string_view::npos && range.find("q=0.") == std::string_view::npos)
      continue;
    std::string type = ToLower(TrimWhitespace(range.substr(0, range.find(';'))));
    for (const auto& media : content) {
      std::string offered = ToLower(media.media_type);
      if (type == "*/*" || type == offered ||
          (type.ends_with("/*") && offered.starts_with(type.substr(0, type.size() - 1)))) {
        return &media;
      }
    }
  }
  return nullptr;
}

}  // namespace icopilot::mock
