// pagination.*: pages hold at most the size asked, the next page is reachable, pages do
// not repeat items, and the last page says so. The list is filled first (three items
// created where the collection offers a create) so that there are pages to follow.
#include <algorithm>
#include <optional>
#include <set>

#include "contract/request_check.h"
#include "contract/response_check.h"
#include "core/json.h"
#include "core/strings.h"
#include "golden/case_context.h"
#include "golden/cases.h"

namespace icopilot::golden {
namespace {

using spec::PagingStyle;

// page-size and next-page ask for pages this small, so that a short list still has two.
constexpr std::size_t kSmallPage = 2;
// terminates walks the whole list with the largest page the list documents (its size
// parameter's maximum), else this many: a real sandbox holds hundreds of items, and pages
// of 2 would need hundreds of requests.
constexpr std::size_t kWalkPage = 100;

bool NameIs(std::string_view name, std::initializer_list<std::string_view> names) {
  std::string lower = ToLower(name);
  return std::find(names.begin(), names.end(), lower) != names.end();
}

const boost::json::array* ItemsOf(const boost::json::value& body) {
  if (body.is_array()) return &body.as_array();
  if (!body.is_object()) return nullptr;
  const boost::json::array* first = nullptr;
  for (const auto& [key, value] : body.as_object()) {
    if (value.is_array()) {
      if (NameIs(key, {"data", "items", "results", "records", "entries", "values", "content"}))
        return &value.as_array();
      if (first == nullptr) first = &value.as_array();
    }
  }
  if (first != nullptr) return first;
  for (const auto& [key, value] : body.as_object()) {
    if (value.is_object()) {
      if (const auto* nested = ItemsOf(value)) return nested;
    }
  }
  return nullptr;
}

// A paging field anywhere in the top two levels of the envelope.
const boost::json::value* FindField(const boost::json::value& body, spec::PagingField wanted) {
  if (!body.is_object()) return nullptr;
  for (const auto& [key, value] : body.as_object()) {
    if (spec::PagingFieldOf(key) == wanted) return &value;
  }
  for (const auto& [key, value] : body.as_object()) {
    if (!value.is_object()) continue;
    for (const auto& [inner, field] : value.as_object()) {
      if (spec::PagingFieldOf(inner) == wanted) return &field;
    }
  }
  return nullptr;
}

std::string ItemId(const boost::json::value& item) {
  return item.is_object() ? IdOf(item.as_object(), "") : "";
}

// The URL of a Link header's rel="next", or "".
std::string NextLink(const net::ClientResponse& response) {
  auto header = response.headers.Find("link");
  if (!header) return "";
  for (std::string_view part : Split(*header, ',')) {
    part = TrimWhitespace(part);
    std::size_t open = part.find('<'), close = part.find('>');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) continue;
    std::string params = ToLower(part.substr(close + 1));
    if (params.find("rel=\"next\"") != std::string::npos ||
        params.find("rel=next") != std::string::npos)
      return std::string(part.substr(open + 1, close - open - 1));
  }
  return "";
}

struct Page {
  net::ClientResponse response;
  boost::json::value body;
  std::vector<boost::json::value> items;
  bool last = false;
  std::string next_url;     // Link next
  std::string next_cursor;  // cursor style
};

class Pager {
 public:
  explicit Pager(CaseContext& context) : context_(context) {
    const auto& pagination = *context.traits().pagination;
    style_ = pagination.style;
    size_param_ = pagination.size;
    position_param_ = pagination.position;
  }

  // The largest page the size parameter's schema allows, up to kWalkPage when it states
  // no maximum.
  std::size_t LargestPage() const {
    const double most = SizeBound("maximum", kWalkPage);
    return static_cast<std::size_t>(std::clamp(most, 1.0, 1000.0));
  }
  // kSmallPage, or the smallest page the size parameter's schema allows when that is more.
  std::size_t SmallestPage() const {
    const double least = SizeBound("minimum", kSmallPage);
    return static_cast<std::size_t>(std::clamp(least, double{kSmallPage}, 1000.0));
  }

  // The first page, asked for `size` items where a size parameter exists.
  absl::StatusOr<Page> First(std::size_t size) {
    page_size_ = size;
    auto request = context_.Valid();
    if (!request.ok()) return request.status();
    first_request_ = *request;
    if (!size_param_.empty()) {
      std::string text = std::to_string(size);
      SetQueryParameter(first_request_, size_param_, &text);
    }
    if (!position_param_.empty()) {
      // The first page: no position, or where the list requires one, its start.
      const spec::Parameter* position = nullptr;
      for (const auto& p : context_.op().parameters) {
        if (p.name == position_param_ && p.in == spec::ParameterIn::kQuery) position = &p;
      }
      const std::string start = style_ == PagingStyle::kPage ? "1" : "0";
      if (position == nullptr || !position->required)
        SetQueryParameter(first_request_, position_param_, nullptr);
      else if (style_ == PagingStyle::kOffset || style_ == PagingStyle::kPage)
        SetQueryParameter(first_request_, position_param_, &start);
    }
    return Read(context_.Send(first_request_), 0);
  }

  // The page after `page`.
  absl::StatusOr<Page> Next(const Page& page, std::size_t seen) {
    if (!page.next_url.empty()) {
      std::string url = page.next_url;
      if (url.starts_with("/")) {
        std::string base = context_.run.session.UrlFor(first_request_);
        std::size_t host_end = base.find('/', base.find("://") + 3);
        url = base.substr(0, host_end) + url;
      }
      net::ClientRequest out{.method = "GET", .url = url};
      for (const auto& field : first_request_.headers.fields()) out.headers.push_back(field);
      return Read(context_.run.session.SendTo(out, context_.result.evidence), seen);
    }
    net::Request request = first_request_;
    std::string value;
    if (style_ == PagingStyle::kCursor)
      value = page.next_cursor;
    else if (style_ == PagingStyle::kOffset)
      value = std::to_string(seen);
    else if (style_ == PagingStyle::kPage)
      value = std::to_string(++page_number_);
    if (value.empty() || position_param_.empty())
      return absl::FailedPreconditionError("the page names no way to the next one");
    SetQueryParameter(request, position_param_, &value);
    return Read(context_.Send(request), seen);
  }

  bool has_size() const { return !size_param_.empty(); }

 private:
  // The size parameter's schema's `keyword` (maximum, minimum), else `otherwise`.
  double SizeBound(std::string_view keyword, double otherwise) const {
    for (const auto& p : context_.op().parameters) {
      if (p.name != size_param_ || p.schema == nullptr || !p.schema->is_object()) continue;
      const auto* bound = p.schema->as_object().if_contains(keyword);
      if (bound != nullptr && bound->is_number()) return bound->to_number<double>();
    }
    return otherwise;
  }

  absl::StatusOr<Page> Read(absl::StatusOr<net::ClientResponse> response, std::size_t seen) {
    if (!response.ok()) return response.status();
    Page page;
    page.response = std::move(*response);
    if (page.response.status / 100 == 5) {
      return absl::UnavailableError(
          StrCat("a page request got a server error: ", Got(page.response)));
    }
    if (page.response.status / 100 != 2) {
      return absl::FailedPreconditionError(
          StrCat("a page request was refused: ", Got(page.response)));
    }
    const std::string type(page.response.headers.Find("content-type").value_or(""));
    if ((!type.empty() && !contract::IsJsonMediaType(type)) || page.response.body.empty()) {
      if (page.response.body.empty())
        return absl::UnimplementedError("the list's answer has no body: no items to page through");
      return absl::UnimplementedError(
          StrCat("the list answers in ", type, ", not JSON: no items to page through"));
    }
    auto body = ParseJson(page.response.body);
    if (!body.ok()) return absl::FailedPreconditionError("a page's body is not JSON");
    page.body = std::move(*body);
    const boost::json::array* items = ItemsOf(page.body);
    if (items == nullptr) {
      // A parameter named like paging on an answer that is not a list (the blueprint reads
      // names, not meaning): nothing to page through.
      return absl::UnimplementedError("the answer holds no list of items to page through");
    }
    page.items.assign(items->begin(), items->end());
    page.next_url = NextLink(page.response);
    if (const auto* cursor = FindField(page.body, spec::PagingField::kNextCursor)) {
      if (cursor->is_string()) page.next_cursor = std::string(cursor->as_string());
    }
    if (page.next_cursor.empty() && style_ == PagingStyle::kCursor && !page.items.empty() &&
        NameIs(position_param_, {"after", "starting_after"}))
      page.next_cursor = ItemId(page.items.back());
    const auto* has_more = FindField(page.body, spec::PagingField::kHasMore);
    const auto* total = FindField(page.body, spec::PagingField::kTotal);
    if (has_more != nullptr && has_more->is_bool()) {
      page.last = !has_more->as_bool();
    } else if (!page.next_url.empty()) {
      page.last = false;
    } else if (style_ == PagingStyle::kLink || style_ == PagingStyle::kCursor) {
      page.last = page.next_cursor.empty();
    } else {
      page.last = page.items.empty() || (has_size() && page.items.size() < page_size_);
    }
    if (total != nullptr && total->is_int64() &&
        static_cast<std::int64_t>(seen + page.items.size()) >= total->as_int64())
      page.last = true;
    if (page.items.empty()) page.last = true;
    return page;
  }

  CaseContext& context_;
  PagingStyle style_;
  std::string size_param_, position_param_;
  net::Request first_request_;
  int page_number_ = 1;
  std::size_t page_size_ = kSmallPage;
};

// Three items in the list, where the collection offers a create and the run may write.
void FillList(CaseContext& context) {
  RunContext& run = context.run;
  if (run.read_only) return;
  auto creator = FindOperation(run.spec, spec::Method::kPost, context.op().path);
  if (!creator) return;
  {
    std::lock_guard lock(run.seed_mutex);
    if (!run.seeded_lists.insert(context.index()).second) return;
  }
  for (std::uint64_t seed : {21, 22, 23}) {
    auto request = context.ValidFor(*creator, seed);
    if (!request.ok()) return;
    (void)context.Send(*request);
  }
}

// The list filled and its first page read with pages of `page_size`; nullopt with the
// case ended when there is no first page to start from.
std::optional<Page> FirstPage(CaseContext& context, Pager& pager, std::size_t page_size) {
  auto first = pager.First(page_size);
  if (absl::IsUnimplemented(first.status())) {
    context.NotApplicable(std::string(first.status().message()));
    return std::nullopt;
  }
  // A first page refused (a parent that does not exist, a required cursor no client has
  // yet): nothing to page through was set up, which says nothing of the paging itself.
  if (absl::IsFailedPrecondition(first.status())) {
    context.NotSetUp(StrCat("the first page could not be read: ", first.status().message()));
    return std::nullopt;
  }
  if (!first.ok()) {
    context.ErrorFrom(first.status(), "reading the first page");
    return std::nullopt;
  }
  return std::move(*first);
}

void PageSize(CaseContext& context) {
  FillList(context);
  Pager pager(context);
  if (!pager.has_size()) return context.NotApplicable("the list takes no page size parameter");
  const std::size_t page_size = pager.SmallestPage();
  auto first = FirstPage(context, pager, page_size);
  if (!first) return;
  if (first->items.size() > page_size)
    return context.Fail(StrCat("asked for ", page_size, " items, got ", first->items.size()));
  context.Pass(StrCat(first->items.size(), " items for a page size of ", page_size));
}

void NextPage(CaseContext& context) {
  FillList(context);
  Pager pager(context);
  auto first = FirstPage(context, pager, pager.SmallestPage());
  if (!first) return;
  if (first->last)
    return context.Skip(StrCat("the list fits on one page (", first->items.size(), " items)"));
  auto second = pager.Next(*first, first->items.size());
  if (!second.ok()) return context.Fail(std::string(second.status().message()));
  // Its schema is response-conformance's to judge; here it is only worth knowing.
  auto check = contract::CheckResponse(context.run.schemas, context.op(), second->response.status,
                                       second->response.headers, second->response.body);
  if (!check.body.empty())
    context.Note(
        StrCat("the second page does not match its schema (see response-conformance.body-schema): ",
               check.body.front().message));
  context.Pass(StrCat("a second page of ", second->items.size(), " items"));
}

// What following the pages to the end (or the bound) found.
struct Walk {
  std::size_t page_size = 0;
  std::size_t pages = 0, seen = 0;
  bool reached_end = false;           // the last page said it was the last
  std::string looped;                 // a cursor or next link met twice
  std::vector<std::string> repeated;  // item ids seen on two pages
  bool items_have_ids = true;
};

// Small pages put more page boundaries within the bound for no-duplicates to check;
// terminates wants the end, so it asks for the largest pages. Nullopt with the case ended
// when the walk could not start or a page failed.
std::optional<Walk> FollowPages(CaseContext& context, bool largest_pages) {
  FillList(context);
  Pager pager(context);
  Walk walk;
  walk.page_size = largest_pages ? pager.LargestPage() : pager.SmallestPage();
  auto first = FirstPage(context, pager, walk.page_size);
  if (!first) return std::nullopt;
  std::set<std::string> ids;
  std::set<std::string> positions;  // cursors and next links met: one seen twice is a loop
  Page page = std::move(*first);
  const std::size_t max_pages = context.run.session.limits().max_pages;
  while (true) {
    ++walk.pages;
    const std::string position = !page.next_url.empty() ? page.next_url : page.next_cursor;
    if (!page.last && !position.empty() && !positions.insert(position).second) {
      walk.looped = position;
      break;
    }
    for (const auto& item : page.items) {
      std::string item_id = ItemId(item);
      if (item_id.empty())
        walk.items_have_ids = false;
      else if (!ids.insert(item_id).second)
        walk.repeated.push_back(item_id);
    }
    walk.seen += page.items.size();
    if (page.last || walk.pages >= max_pages) break;
    auto next = pager.Next(page, walk.seen);
    if (!next.ok()) {
      context.Fail(StrCat("after page ", walk.pages, ": ", std::string(next.status().message())));
      return std::nullopt;
    }
    page = std::move(*next);
  }
  walk.reached_end = page.last;
  return walk;
}

void Terminates(CaseContext& context) {
  auto walk = FollowPages(context, true);
  if (!walk) return;
  if (!walk->looped.empty())
    return context.Fail(StrCat("page ", walk->pages, " points back to a page already read ('",
                               walk->looped, "'): following the pages would never end"));
  if (!walk->reached_end) {
    context.Note(StrCat("stopped at the bound of ", walk->pages, " pages (", walk->seen,
                        " items) without an end; every page moved on"));
    return context.Pass(
        StrCat(walk->pages, " pages of up to ", walk->page_size, ", no position repeated"));
  }
  context.Pass(StrCat(walk->pages, " pages, ", walk->seen, " items, then an end"));
}

void NoDuplicates(CaseContext& context) {
  auto walk = FollowPages(context, false);
  if (!walk) return;
  if (!walk->items_have_ids) return context.NotApplicable("the items have no id to compare");
  if (!walk->repeated.empty())
    return context.Fail(StrCat(
        "items seen on two pages: ", walk->repeated.front(),
        walk->repeated.size() > 1 ? StrCat(" and ", walk->repeated.size() - 1, " more") : ""));
  if (!walk->reached_end)
    context.Note(
        StrCat("checked the first ", walk->pages, " pages (the bound), not the whole list"));
  context.Pass(StrCat(walk->seen, " items over ", walk->pages, " pages, none twice"));
}

bool PagedList(const Subject& subject, std::string& why_not) {
  if (subject.traits().pagination) return true;
  why_not = "not a list with paging parameters";
  return false;
}

}  // namespace

std::vector<Case> PaginationCases() {
  constexpr auto kCategory = TestCategory::kPagination;
  constexpr std::string_view kPaged = "list operations with paging parameters";
  constexpr std::string_view kPagesRead = "the pages read";
  return {
      {"pagination.page-size", kCategory, "A page holds at most the size asked",
       "a list request with the smallest page size", "at most that many items", kPaged,
       kExchangeEvidence, Scope::kOperation, false, Rule::kContract,
       "the documented page size parameter", PagedList, PageSize},
      {"pagination.next-page", kCategory, "The next page is reachable",
       "a list request, then the next page by cursor, offset, page number or Link",
       "a valid second page", kPaged, kExchangeEvidence, Scope::kOperation, false, Rule::kContract,
       "the documented paging parameters or Link header (RFC 8288)", PagedList, NextPage},
      {"pagination.no-duplicates", kCategory, "Pages do not repeat items",
       "pages followed to the end (bounded)", "no item id on two pages",
       "list operations with paging parameters whose items have an id",
       "the pages read and the ids seen twice", Scope::kOperation, false, Rule::kContract,
       "cursor pagination over a stable collection", PagedList, NoDuplicates},
      {"pagination.terminates", kCategory, "The last page says it is the last",
       "pages followed to the end (bounded)",
       "an end: no cursor, no next link, or an empty or short page", kPaged, kPagesRead,
       Scope::kOperation, false, Rule::kContract,
       "the documented paging parameters: a cursor that never repeats", PagedList, Terminates},
  };
}

}  // namespace icopilot::golden
