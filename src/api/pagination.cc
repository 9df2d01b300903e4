#include "api/pagination.h"

#include <charconv>

#include "core/strings.h"

namespace icopilot::api {
namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 200;

// Cursors are "c<created_at>.<id>": readable in logs, documented as opaque so the form
// can change.
bool ParseInt(std::string_view text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string EncodeCursor(std::int64_t created_at, const std::string& id) { return StrCat("c", created_at, ".", id); }

absl::StatusOr<store::PageRequest> ReadPageRequest(const net::Request& request) {
  store::PageRequest page;
  page.limit = kDefaultLimit;
  if (auto limit = request.QueryParam("limit")) {
    std::int64_t value = 0;
    if (!ParseInt(*limit, value) || value < 1 || value > kMaxLimit) {
      return absl::InvalidArgumentError(StrCat("limit: must be an integer from 1 to ", kMaxLimit));
    }
    page.limit = static_cast<int>(value);
  }
  if (auto cursor = request.QueryParam("cursor"); cursor && !cursor->empty()) {
    std::string_view text(*cursor);
    std::size_t dot = text.find('.');
    std::int64_t created_at = 0;
    if (!text.starts_with('c') || dot == std::string_view::npos || !ParseInt(text.substr(1, dot - 1), created_at) ||
        dot + 1 >= text.size() || text.size() > 200) {
      return absl::InvalidArgumentError("cursor: not a cursor returned by this API");
    }
    page.after_created_at = created_at;
    page.after_id = std::string(text.substr(dot + 1));
  }
  return page;
}

}  // namespace icopilot::api
