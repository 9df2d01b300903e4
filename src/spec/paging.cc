#include "spec/paging.h"

#include <algorithm>
#include <initializer_list>

#include "core/strings.h"

namespace icopilot::spec {
namespace {

// "page_size", "pageSize", "Page-Size" and "$top" are all "pagesize" and "top".
std::string Folded(std::string_view name) {
  std::string out;
  for (char c : ToLower(name)) {
    if (c != '_' && c != '-' && c != '$') out += c;
  }
  return out;
}

bool FoldedIn(std::string_view name, std::initializer_list<std::string_view> names) {
  const std::string folded = Folded(name);
  return std::find(names.begin(), names.end(), folded) != names.end();
}

// The position parameters of each style, folded. `before` and `ending_before` page
// backwards but still mark a cursor-paged list.
bool IsPositionOf(PagingStyle style, std::string_view name) {
  switch (style) {
    case PagingStyle::kCursor:
      return FoldedIn(name,
                      {"cursor", "after", "before", "pagetoken", "nexttoken", "startingafter",
                       "endingbefore", "continuation", "continuationtoken", "next", "marker"});
    case PagingStyle::kOffset:
      return FoldedIn(name, {"offset", "skip", "start"});
    case PagingStyle::kPage:
      return FoldedIn(name, {"page", "pagenumber"});
    case PagingStyle::kLink:
      return false;
  }
  return false;
}

}  // namespace

std::string_view PagingStyleName(PagingStyle style) {
  switch (style) {
    case PagingStyle::kCursor:
      return "cursor";
    case PagingStyle::kOffset:
      return "offset";
    case PagingStyle::kPage:
      return "page";
    case PagingStyle::kLink:
      return "link";
  }
  return "cursor";
}

std::vector<std::string> Pagination::Parameters() const {
  std::vector<std::string> out;
  if (!position.empty()) out.push_back(position);
  if (!size.empty()) out.push_back(size);
  return out;
}

bool IsPageSizeName(std::string_view name) {
  return FoldedIn(
      name, {"limit", "perpage", "pagesize", "size", "count", "maxresults", "top", "maxitems"});
}

std::string PageSizeParameter(const Operation& op) {
  for (const Parameter& parameter : op.parameters) {
    if (parameter.in == ParameterIn::kQuery && IsPageSizeName(parameter.name))
      return parameter.name;
  }
  return "";
}

std::optional<Pagination> DetectPagination(const Operation& op) {
  if (op.method != Method::kGet) return std::nullopt;
  for (PagingStyle style : {PagingStyle::kCursor, PagingStyle::kOffset, PagingStyle::kPage}) {
    for (const Parameter& parameter : op.parameters) {
      if (parameter.in == ParameterIn::kQuery && IsPositionOf(style, parameter.name))
        return Pagination{style, parameter.name, PageSizeParameter(op)};
    }
  }
  for (const Response& response : op.responses) {
    for (const Header& header : response.headers) {
      if (ToLower(header.name) == "link")
        return Pagination{PagingStyle::kLink, "", PageSizeParameter(op)};
    }
  }
  return std::nullopt;
}

PagingField PagingFieldOf(std::string_view key) {
  if (FoldedIn(key, {"nextcursor", "next", "cursor", "nextpagetoken", "nexttoken", "endcursor",
                     "after", "startingafter", "continuation", "continuationtoken", "nextmarker"}))
    return PagingField::kNextCursor;
  if (FoldedIn(key, {"nextlink", "nextpageurl", "nexturl"})) return PagingField::kNextUrl;
  if (FoldedIn(key, {"hasmore", "hasnext", "hasnextpage", "more"})) return PagingField::kHasMore;
  if (FoldedIn(key, {"total", "totalcount", "totalitems", "totalresults", "count", "totalentries"}))
    return PagingField::kTotal;
  if (FoldedIn(key, {"page", "pagenumber", "currentpage"})) return PagingField::kPage;
  if (FoldedIn(key, {"perpage", "limit", "pagesize", "size"})) return PagingField::kPageSize;
  if (FoldedIn(key, {"offset", "skip", "start"})) return PagingField::kOffset;
  return PagingField::kNone;
}

}  // namespace icopilot::spec
