// How a list operation pages, read from the names the spec uses: one definition for the
// blueprint, the mock that serves pages and the golden suite that walks them, so that the
// three never disagree on what `pageSize` or `nextPageToken` means.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/model.h"

namespace icopilot::spec {

enum class PagingStyle {
  kCursor,  // an opaque position the API hands out: cursor, after, pageToken, marker
  kOffset,  // the number of items to skip: offset, skip, start
  kPage,    // a page number from 1: page, page_number
  kLink,    // a Link header (RFC 8288) names the next page
};
std::string_view PagingStyleName(PagingStyle style);  // "cursor", "offset", "page", "link"

struct Pagination {
  PagingStyle style = PagingStyle::kCursor;
  std::string position;  // the query parameter that moves on; "" for a bare Link header
  std::string size;      // the query parameter for the page size; "" when none
  // Position then size, those that exist (for reports).
  std::vector<std::string> Parameters() const;
};

// Nullopt for operations that are not paged lists (not GET, or no paging names).
std::optional<Pagination> DetectPagination(const Operation& op);

// The operation's query parameter for the page size, "" when none: limit, per_page,
// pageSize, maxResults, $top and the like.
std::string PageSizeParameter(const Operation& op);
bool IsPageSizeName(std::string_view name);

// What a field of a list's envelope (or of one object inside it, like `meta`) says about
// paging, by its name in any case and with any separators.
enum class PagingField {
  kNone,
  kNextCursor,  // nextPageToken, next_cursor
  kNextUrl,     // the next page's URL: Azure's nextLink
  kHasMore,
  kTotal,
  kPage,
  kPageSize,
  kOffset,
};
PagingField PagingFieldOf(std::string_view key);

}  // namespace icopilot::spec
