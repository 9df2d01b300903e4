// Cursor pagination on every list: `?limit=` (1-200, default 50) and `?cursor=` taken
// from the previous page's `next_cursor`. Cursors are opaque to clients.
#pragma once

#include <cstdint>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "net/http.h"
#include "store/records.h"

namespace icopilot::api {

// 422 (InvalidArgument) naming `limit` or `cursor` when they are malformed.
absl::StatusOr<store::PageRequest> ReadPageRequest(const net::Request& request);

std::string EncodeCursor(std::int64_t created_at, const std::string& id);

// The id a page resumes after, for each record type.
template <typename T>
const std::string& CursorId(const T& item) {
  if constexpr (requires { item.partner_org_id; }) {
    return item.partner_org_id;
  } else if constexpr (requires { item.record.id; }) {
    return item.record.id;
  } else {
    return item.id;
  }
}

// {"items": [...], "next_cursor": "..." | null}
template <typename T>
std::int64_t CreatedAt(const T& item) {
  if constexpr (requires { item.record.created_at; }) {
    return item.record.created_at;
  } else {
    return item.created_at;
  }
}

template <typename T, typename Encode>
boost::json::object ListBody(const store::Page<T>& page, Encode encode) {
  boost::json::array items;
  for (const T& item : page.items) items.push_back(encode(item));
  boost::json::object body;
  body["items"] = std::move(items);
  if (page.has_more && !page.items.empty()) {
    body["next_cursor"] = EncodeCursor(CreatedAt(page.items.back()), CursorId(page.items.back()));
  } else {
    body["next_cursor"] = nullptr;
  }
  return body;
}

}  // namespace icopilot::api
