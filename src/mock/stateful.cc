// The stateful half of the mock engine: collections of resources created, read, replaced,
// updated, deleted and paged through, stored in the engine's MockState and shaped by the
// response schemas. Whenever what is stored cannot be given the documented shape, the
// answer falls back to the spec alone (and says why), so every response still fits.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <random>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "contract/listed_ids.h"
#include "contract/request_check.h"
#include "core/json.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "mock/mock_engine.h"
#include "mock/resource_shape.h"
#include "mock/response_choice.h"
#include "net/problem.h"
#include "schema/generator.h"
#include "schema/node_lookup.h"

namespace icopilot::mock {

using schema::PropertyNode;

namespace {

struct JsonSchemaOf {
  const spec::MediaType* media = nullptr;
  const schema::Schema* schema = nullptr;
  const schema::Node* root = nullptr;
};

// The JSON media type of a response and its compiled schema; empty when there is none.
JsonSchemaOf JsonSchema(const contract::SpecSchemas& schemas, const spec::Response* response) {
  JsonSchemaOf found;
  if (response == nullptr) return found;
  const spec::MediaType* media = contract::MatchMediaType(response->content, "application/json");
  if (media == nullptr || media->schema == nullptr) return found;
  auto compiled = schemas.Get(media->schema);
  if (!compiled.ok()) return found;
  found.media = media;
  found.schema = *compiled;
  found.root = (*compiled)->compiled().root;
  return found;
}

// The stored form of a collection's resources: what the item's GET returns, else what
// `success` (the writing operation's answer) returns.
JsonSchemaOf StoredSchema(const contract::SpecSchemas& schemas, const spec::Spec& spec,
                          const OperationRole& role, const spec::Response* success) {
  JsonSchemaOf found;
  if (role.read_operation)
    found = JsonSchema(schemas, DefaultResponse(spec.operations[*role.read_operation]));
  if (found.schema == nullptr) found = JsonSchema(schemas, success);
  return found;
}

std::string PathParam(const contract::RouteMatch& match, std::string_view name) {
  for (const auto& [n, v] : match.path_params) {
    if (n == name) return v;
  }
  return "";
}

std::string IdText(const boost::json::value& id) {
  if (id.is_string()) return std::string(id.as_string());
  return ReadableJson(id);
}

// A UUID (version 4 layout) from the seed and the collection's counter: reproducible.
std::string SeededUuid(std::uint64_t seed, std::uint64_t n) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + n);
  std::uint64_t a = rng(), b = rng();
  a = (a & ~0xF000ULL) | 0x4000ULL;
  b = (b & ~(0xC000ULL << 48)) | (0x8000ULL << 48);
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return text;
}

// The property that holds the id: named like the item path's parameter, else `id`.
// The property that holds the id: named like the item path's parameter, else `id`; only
// a scalar one (an object named `assignee` is not an id).
std::string IdProperty(const schema::Node& root, const std::string& id_parameter) {
  auto scalar = [&](std::string_view name) {
    const schema::Node* node = PropertyNode(root, name);
    return node != nullptr && !(schema::TypesOf(node) & (schema::kObject | schema::kArray));
  };
  if (!id_parameter.empty() && scalar(id_parameter)) return id_parameter;
  if (scalar("id")) return "id";
  // Else the one property named like an id (`batchItemUuid` for `/items/{itemUuid}`);
  // none when several are (`orderId` beside `customerId` says nothing).
  std::string found;
  int named = 0;
  schema::ForEachPart(root, [&](const schema::Node& part) {
    for (const auto& [name, property] : part.properties) {
      const bool id_like = name.ends_with("Id") || name.ends_with("ID") || name.ends_with("_id") ||
                           name.ends_with("Uuid") || name.ends_with("uuid");
      if (id_like && scalar(name) && name != found) {
        found = name;
        ++named;
      }
    }
  });
  return named == 1 ? found : "";
}

// An id from a URL as the id property's schema types it: 42 for an integer, else "42".
boost::json::value IdValue(const schema::Node& id_node, const std::string& id) {
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
  bool numeric = ec == std::errc() && end == id.data() + id.size();
  return numeric && (schema::TypesOf(&id_node) & (schema::kInteger | schema::kNumber))
             ? boost::json::value(number)
             : boost::json::value(id);
}

// Says in the log which request fields were not kept.
void NoteDropped(const std::vector<std::string>& dropped, MockResult& result) {
  if (dropped.empty()) return;
  std::string names;
  for (const auto& d : dropped) names += StrCat(names.empty() ? "" : ", ", d);
  result.why = StrCat("not stored, since they do not fit the response schema: ", names);
}

std::string_view WithoutTrailingSlash(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

std::optional<std::size_t> QueryNumber(const net::Request& request, std::string_view name) {
  auto text = request.QueryParam(name);
  if (!text) return std::nullopt;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return n;
}

// A parameter's documented default, when it is a number.
std::optional<std::size_t> DefaultOf(const spec::Operation& op, std::string_view name) {
  for (const auto& parameter : op.parameters) {
    if (parameter.name != name || parameter.schema == nullptr || !parameter.schema->is_object())
      continue;
    const auto* d = parameter.schema->as_object().if_contains("default");
    if (d != nullptr && d->is_int64() && d->as_int64() > 0)
      return static_cast<std::size_t>(d->as_int64());
  }
  return std::nullopt;
}

// Fills the paging fields of a list envelope (and of one nested object, like `meta` or
// `pagination`) from the page served. On the last page the next cursor is null, or left
// out with `omit_ended` (Google's `nextPageToken` is absent, never null).
void FillPaging(boost::json::object& envelope, const std::string& array_property,
                const std::optional<std::string>& next_cursor, std::size_t total, std::size_t page,
                std::size_t size, std::size_t offset, bool omit_ended, int depth = 0) {
  std::vector<std::string> ended;
  for (auto& field : envelope) {
    if (field.key() == array_property) continue;
    boost::json::value& v = field.value();
    std::string_view key = field.key();
    if (v.is_object() && depth == 0) {
      FillPaging(v.as_object(), array_property, next_cursor, total, page, size, offset, omit_ended,
                 1);
      continue;
    }
    switch (spec::PagingFieldOf(key)) {
      case spec::PagingField::kNextCursor:
        if (v.is_string() || v.is_null())
          v = next_cursor ? boost::json::value(*next_cursor) : nullptr;
        if (!next_cursor && omit_ended) ended.emplace_back(key);
        break;
      case spec::PagingField::kHasMore:
        if (v.is_bool()) v = next_cursor.has_value();
        break;
      case spec::PagingField::kTotal:
        if (v.is_number()) v = total;
        break;
      case spec::PagingField::kPage:
        if (v.is_number()) v = page;
        break;
      case spec::PagingField::kPageSize:
        if (v.is_number()) v = size;
        break;
      case spec::PagingField::kOffset:
        if (v.is_number()) v = offset;
        break;
      case spec::PagingField::kNextUrl:
      case spec::PagingField::kNone:
        break;
    }
  }
  for (const std::string& key : ended) envelope.erase(key);
}

}  // namespace

std::optional<MockResult> MockEngine::AnswerStateful(const net::Request& request,
                                                     const spec::Operation& op,
                                                     const contract::RouteMatch& match,
                                                     const Prefer& prefer) const {
  const OperationRole& role = roles_[match.operation];
  // Asking for a given response or example means asking for the spec's answer.
  if (role.role == ResourceRole::kNone || !prefer.example.empty() ||
      (prefer.code != 0 && (prefer.code < 200 || prefer.code > 299))) {
    return std::nullopt;
  }
  switch (role.role) {
    case ResourceRole::kCreate:
      return CreateResource(request, op, role);
    case ResourceRole::kList:
      return ListResources(request, op, role);
    case ResourceRole::kRead: {
      std::string id = PathParam(match, role.id_parameter);
      auto stored = state_->Get(CollectionOf(request.path, role.role), id);
      if (!stored) return NotFound(op, role, id);
      const spec::Response* success = DefaultResponse(op);
      if (success == nullptr) return std::nullopt;
      return Render(request, op, *stored, StatusOf(*success));
    }
    case ResourceRole::kReplace:
    case ResourceRole::kUpdate:
      return WriteResource(request, op, role, PathParam(match, role.id_parameter));
    case ResourceRole::kDelete: {
      std::string id = PathParam(match, role.id_parameter);
      if (!state_->Remove(CollectionOf(request.path, role.role), id)) return NotFound(op, role, id);
      return std::nullopt;  // the documented success (usually 204) is the answer
    }
    case ResourceRole::kNone:
      break;
  }
  return std::nullopt;
}

MockEngine::NewIds MockEngine::NewId(const schema::Schema& schema, const schema::Node* id_node,
                                     const OperationRole& role, const std::string& collection,
                                     std::uint64_t n) const {
  // The item path's parameter says what an id in a URL may look like.
  const schema::Schema* parameter = nullptr;
  if (role.read_operation) {
    for (const auto& p : spec().operations[*role.read_operation].parameters) {
      if (p.in != spec::ParameterIn::kPath || p.name != role.id_parameter) continue;
      if (auto compiled = schemas_.Get(p.schema); compiled.ok()) parameter = *compiled;
    }
  }
  auto fits_property = [&](const boost::json::value& id) {
    return id_node == nullptr ||
           schema::NodeAccepts(schema.compiled(), *id_node, id, schema::Direction::kResponse);
  };
  auto fits_path = [&](const boost::json::value& id) {
    if (parameter == nullptr) return true;
    boost::json::value as_sent =
        contract::ReadAsType(IdText(id), schema::TypesOf(parameter->compiled().root));
    return parameter->Validate(as_sent, {.all_errors = false}).valid;
  };
  auto unused = [&](const boost::json::value& id) { return !state_->Get(collection, IdText(id)); };
  // A counter, or a UUID, as the schema's type and format ask; else the generator's.
  boost::json::value id(StrCat(n));
  if (id_node != nullptr && (schema::TypesOf(id_node) & (schema::kInteger | schema::kNumber)) &&
      !(schema::TypesOf(id_node) & schema::kString)) {
    id = static_cast<std::int64_t>(n);
  } else if (id_node != nullptr && id_node->format == schema::Format::kUuid) {
    id = SeededUuid(options_.seed, n);
  }
  if (fits_property(id) && fits_path(id)) return {id, IdText(id)};
  // Made from the property's schema and the parameter's in turn, until one fits both.
  std::optional<boost::json::value> property_only, path_only;
  for (std::uint64_t attempt = 0; attempt < 32; ++attempt) {
    const schema::GenerateOptions options{.seed = options_.seed + n * 131 + attempt};
    const bool from_property = id_node != nullptr && (parameter == nullptr || attempt % 2 == 0);
    auto made =
        from_property ? schema::GenerateValidAt(schema, *id_node, options)
        : parameter != nullptr
            ? schema::GenerateValid(*parameter, options)
            : absl::StatusOr<schema::Generated>(absl::NotFoundError("no schema for the id"));
    if (!made.ok() || !unused(made->value)) continue;
    const bool property_fits = fits_property(made->value), path_fits = fits_path(made->value);
    if (property_fits && path_fits) return {made->value, IdText(made->value)};
    if (property_fits && !property_only) property_only = made->value;
    if (path_fits && !path_only) path_only = made->value;
  }
  // No id fits both (a spec whose id property and path parameter disagree): the URL gets
  // what the path takes, the body what the property takes.
  boost::json::value property = property_only.value_or(id);
  return {property, IdText(path_only.value_or(property))};
}

std::optional<MockResult> MockEngine::Store(const std::string& collection, const std::string& id,
                                            const boost::json::object& resource) const {
  absl::Status stored = state_->Put(collection, id, resource);
  if (stored.ok()) return std::nullopt;
  MockResult full;
  full.response =
      net::MakeProblem(507, "mock-state-full", "Mock state is full", std::string(stored.message()));
  full.why = std::string(stored.message());
  return full;
}

MockResult MockEngine::NotFound(const spec::Operation& op, const OperationRole& role,
                                const std::string& id) const {
  MockResult result =
      ErrorResponse(op, {404}, 404, "mock-resource-not-found", "No such resource",
                    {StrCat("path.", role.id_parameter)},
                    {StrCat("no resource with id '", id, "' in this collection (stateful mock)")});
  return result;
}

MockEngine::Listing MockEngine::ListingFor(const spec::Operation& op, std::size_t operation) const {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = listings_.find(operation); it != listings_.end()) return it->second;
  }
  Listing listing;
  const std::string_view path = op.path;
  const std::size_t slash = path.rfind('/');
  std::optional<std::size_t> list;
  for (std::size_t i = 0; i < spec().operations.size(); ++i) {
    const auto& other = spec().operations[i];
    if (other.method == spec::Method::kGet && other.path == path.substr(0, slash)) list = i;
  }
  const bool documents_404 = std::any_of(op.responses.begin(), op.responses.end(),
                                         [](const auto& r) { return r.status == "404"; });
  const bool last_is_parameter = path.ends_with('}') && slash != std::string_view::npos &&
                                 path.substr(slash + 1).starts_with('{') &&
                                 path.find('{', slash + 2) == std::string_view::npos;
  if (last_is_parameter && list && documents_404) {
    listing.parameter = std::string(path.substr(slash + 2, path.size() - slash - 3));
    if (roles_[*list].role == ResourceRole::kList) {
      listing.judged = listing.from_state = true;
    } else if (const spec::Response* listed = DefaultResponse(spec().operations[*list])) {
      // What the list's own static answer (its example, else its generated body) names.
      if (const spec::MediaType* media =
              contract::MatchMediaType(listed->content, "application/json")) {
        std::string why;
        if (auto body = ParseJson(Body(*media, {}, false, why)); body.ok()) {
          if (auto ids = contract::ListedIds(*body, listing.parameter)) {
            listing.judged = true;
            listing.ids = std::move(*ids);
          }
        }
      }
      // The spec's own example of the parameter names an item too (clients send it first).
      for (const auto& p : op.parameters) {
        if (p.in != spec::ParameterIn::kPath || p.name != listing.parameter) continue;
        for (const auto& example : p.examples) {
          if (example.value != nullptr)
            listing.ids.push_back(contract::ListedItemId(*example.value, ""));
        }
      }
    }
  }
  std::lock_guard lock(cache_mutex_);
  return listings_.emplace(operation, std::move(listing)).first->second;
}

std::optional<MockResult> MockEngine::UnlistedItem(const net::Request& request,
                                                   const spec::Operation& op,
                                                   const contract::RouteMatch& match) const {
  // Also a list at an item's path (`/tables/{name}` lists a table's elements): the item
  // must exist before its elements are listed.
  const ResourceRole role = roles_[match.operation].role;
  if (op.method != spec::Method::kGet || options_.dynamic ||
      (role != ResourceRole::kNone && role != ResourceRole::kList))
    return std::nullopt;
  const Listing listing = ListingFor(op, match.operation);
  if (!listing.judged) return std::nullopt;
  const std::string id = PathParam(match, listing.parameter);
  const bool known =
      listing.from_state
          ? state_->Get(CollectionOf(request.path, ResourceRole::kRead), id).has_value()
          : std::find(listing.ids.begin(), listing.ids.end(), id) != listing.ids.end();
  if (known) return std::nullopt;
  OperationRole as_item;
  as_item.id_parameter = listing.parameter;
  MockResult result = NotFound(op, as_item, id);
  result.why = "the collection's list does not name it";
  return result;
}

// The stored resource as the operation's response for `status` documents it.
std::optional<MockResult> MockEngine::Render(const net::Request& request, const spec::Operation& op,
                                             const boost::json::object& resource,
                                             int status) const {
  const spec::Response* response = FindResponse(op, status);
  if (response == nullptr) return std::nullopt;
  MockResult result;
  result.response.status = status;
  AddDocumentedHeaders(*response, result.response);
  if (response->content.empty()) return result;
  const spec::MediaType* accepted =
      Negotiate(response->content, request.headers.Find("accept").value_or(""));
  JsonSchemaOf json = JsonSchema(schemas_, response);
  if (json.schema == nullptr || accepted != json.media) return std::nullopt;
  boost::json::object shown = WithoutWriteOnly(*json.root, resource);
  if (!schema::NodeAccepts(json.schema->compiled(), *json.root, boost::json::value(shown),
                           schema::Direction::kResponse)) {
    auto shaped = Shape(*json.schema, *json.root, shown, options_.seed, nullptr);
    if (!shaped) return std::nullopt;
    shown = std::move(*shaped);
  }
  result.response.headers.Set("content-type", json.media->media_type.find('*') == std::string::npos
                                                  ? json.media->media_type
                                                  : "application/json");
  result.response.body = ReadableJson(shown);
  return result;
}

std::optional<MockResult> MockEngine::CreateResource(const net::Request& request,
                                                     const spec::Operation& op,
                                                     const OperationRole& role) const {
  auto body = contract::RequestBodyObject(schemas_, op, request);
  const spec::Response* success = DefaultResponse(op);
  if (!body || success == nullptr || StatusOf(*success) < 200 || StatusOf(*success) > 299)
    return std::nullopt;
  const JsonSchemaOf stored_schema = StoredSchema(schemas_, spec(), role, success);
  if (stored_schema.schema == nullptr) return std::nullopt;
  const schema::Node& root = *stored_schema.root;

  const std::string collection = CollectionOf(request.path, role.role);
  const std::uint64_t n = state_->NextNumber(collection);
  std::vector<std::string> dropped;
  auto shaped = Shape(*stored_schema.schema, root, *body, options_.seed + n, &dropped);
  if (!shaped) return std::nullopt;
  boost::json::object resource = std::move(*shaped);

  const std::string id_property = IdProperty(root, role.id_parameter);
  const schema::Node* id_node = id_property.empty() ? nullptr : PropertyNode(root, id_property);
  NewIds id = NewId(*stored_schema.schema, id_node, role, collection, n);
  if (!id_property.empty()) resource[id_property] = id.property;
  StampTimes(root, resource, FormatTimestamp(clock_.NowMillis()), true);
  // Write-only fields (passwords, secrets) are kept with the resource, never shown.
  for (const auto& field : *body) {
    const schema::Node* property = PropertyNode(root, field.key());
    if (property != nullptr && property->write_only) resource[field.key()] = field.value();
  }
  const std::string& id_text = id.key;
  if (auto full = Store(collection, id_text, resource)) return full;
  auto result = Render(request, op, resource, StatusOf(*success));
  if (!result) {
    // The create's own response does not carry the resource: answer from the spec, the
    // resource is stored all the same.
    result = Answer(request, op, {});
  }
  result->response.headers.Set(
      "location", StrCat(WithoutTrailingSlash(request.path), "/", PercentEncode(id_text, ":@")));
  NoteDropped(dropped, *result);
  return result;
}

std::optional<MockResult> MockEngine::WriteResource(const net::Request& request,
                                                    const spec::Operation& op,
                                                    const OperationRole& role,
                                                    const std::string& id) const {
  const std::string collection = CollectionOf(request.path, role.role);
  auto existing = state_->Get(collection, id);
  const bool update = role.role == ResourceRole::kUpdate;
  if (update && !existing) return NotFound(op, role, id);
  auto body = contract::RequestBodyObject(schemas_, op, request);
  const spec::Response* success = DefaultResponse(op);
  if (success == nullptr) return std::nullopt;
  const JsonSchemaOf stored_schema = StoredSchema(schemas_, spec(), role, success);
  if (stored_schema.schema == nullptr || !body) {
    // Nothing documents the resource's shape (a PUT answered with no JSON, or no JSON body
    // sent): it is kept as sent all the same, so that reading it back finds it. The
    // answer is the spec's.
    if (update && !body) return std::nullopt;
    if (auto full = Store(collection, id, body ? *body : boost::json::object())) return full;
    return std::nullopt;
  }
  const schema::Node& root = *stored_schema.root;

  boost::json::object source;
  if (update) {
    // PATCH: the fields sent replace the stored ones; null removes a field.
    source = *existing;
    for (const auto& field : *body) {
      if (field.value().is_null()) {
        source.erase(field.key());
      } else {
        source[field.key()] = field.value();
      }
    }
  } else {
    // PUT: the body replaces the resource; what the server owns (read-only fields) stays.
    source = *body;
    if (existing) {
      for (const auto& field : *existing) {
        const schema::Node* property = PropertyNode(root, field.key());
        if (property != nullptr && property->read_only) source[field.key()] = field.value();
      }
    }
  }
  const std::string id_property = IdProperty(root, role.id_parameter);
  if (!id_property.empty()) {
    if (existing && existing->contains(id_property)) {
      source[id_property] = existing->at(id_property);
    } else {
      source[id_property] = IdValue(*PropertyNode(root, id_property), id);
    }
  }
  boost::json::object resource;
  boost::json::object shown = WithoutWriteOnly(root, source);
  std::vector<std::string> dropped;
  if (schema::NodeAccepts(stored_schema.schema->compiled(), root, boost::json::value(shown),
                          schema::Direction::kResponse)) {
    resource = std::move(source);
  } else {
    auto shaped = Shape(*stored_schema.schema, root, source, options_.seed, &dropped);
    if (!shaped) return std::nullopt;
    resource = std::move(*shaped);
    for (const auto& field : source) {
      const schema::Node* property = PropertyNode(root, field.key());
      if (property != nullptr && property->write_only) resource[field.key()] = field.value();
    }
  }
  StampTimes(root, resource, FormatTimestamp(clock_.NowMillis()), !existing);
  if (auto full = Store(collection, id, resource)) return full;
  auto result = Render(request, op, resource, StatusOf(*success));
  if (!result) result = Answer(request, op, {});
  NoteDropped(dropped, *result);
  return result;
}

std::optional<MockResult> MockEngine::ListResources(const net::Request& request,
                                                    const spec::Operation& op,
                                                    const OperationRole& role) const {
  const spec::Response* success = DefaultResponse(op);
  JsonSchemaOf json = JsonSchema(schemas_, success);
  if (json.schema == nullptr) return std::nullopt;
  auto shape = FindListShape(*json.root);
  if (!shape) return std::nullopt;
  const spec::MediaType* accepted =
      Negotiate(success->content, request.headers.Find("accept").value_or(""));
  if (accepted != json.media) return std::nullopt;

  // Paging as the blueprint found it: the style's parameter, then the page size's.
  const auto& pagination = blueprint_.operations[&op - spec().operations.data()].pagination;
  using spec::PagingStyle;
  const std::optional<PagingStyle> style =
      pagination ? std::optional(pagination->style) : std::nullopt;
  std::string position_parameter = pagination ? pagination->position : "";
  const std::string size_parameter = pagination ? pagination->size : spec::PageSizeParameter(op);
  if (style == PagingStyle::kLink && position_parameter.empty()) position_parameter = "page";
  std::size_t size = 20;
  if (!size_parameter.empty()) {
    size =
        QueryNumber(request, size_parameter).value_or(DefaultOf(op, size_parameter).value_or(size));
  }
  size = std::clamp<std::size_t>(size, 1, 1000);
  std::size_t skip = 0, page = 1;
  std::optional<std::uint64_t> from;
  if (style == PagingStyle::kCursor) {
    if (auto cursor = request.QueryParam(position_parameter); cursor && !cursor->empty()) {
      std::uint64_t position = 0;
      auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), position);
      if (ec != std::errc() || end != cursor->data() + cursor->size()) {
        MockResult bad =
            ErrorResponse(op, {400, 422}, 400, "mock-invalid-request", "The request does not match",
                          {StrCat("query.", position_parameter)},
                          {StrCat("'", *cursor, "' is not a cursor this mock gave out")});
        return bad;
      }
      from = position;
    }
  } else if (style == PagingStyle::kOffset) {
    skip = QueryNumber(request, position_parameter).value_or(0);
  } else if (style == PagingStyle::kPage || style == PagingStyle::kLink) {
    page = std::max<std::size_t>(1, QueryNumber(request, position_parameter).value_or(1));
    skip = (page - 1) * size;
  }
  MockState::Page stored = state_->List(CollectionOf(request.path, role.role), skip, size, from);

  boost::json::array items;
  const schema::CompiledSchema& compiled = json.schema->compiled();
  // Each item names the id its item path answers to, also where the stored resource keeps
  // it elsewhere (AWS wraps it: `{"workspace": {"id": ...}}`) and the item was shaped anew.
  const std::string item_id_property = IdProperty(*shape->items, role.id_parameter);
  for (std::size_t i = 0; i < stored.items.size(); ++i) {
    boost::json::object shown = WithoutWriteOnly(*shape->items, std::move(stored.items[i]));
    if (!schema::NodeAccepts(compiled, *shape->items, boost::json::value(shown),
                             schema::Direction::kResponse)) {
      auto shaped = Shape(*json.schema, *shape->items, shown, options_.seed, nullptr);
      if (!shaped) return std::nullopt;
      shown = std::move(*shaped);
      if (!item_id_property.empty()) {
        boost::json::object named = shown;
        named[item_id_property] =
            IdValue(*PropertyNode(*shape->items, item_id_property), stored.ids[i]);
        if (schema::NodeAccepts(compiled, *shape->items, boost::json::value(named),
                                schema::Direction::kResponse))
          shown = std::move(named);
      }
    }
    items.push_back(std::move(shown));
  }
  std::optional<std::string> next_cursor;
  if (stored.next_position) next_cursor = StrCat(*stored.next_position);

  boost::json::value body;
  if (shape->array_property.empty()) {
    body = std::move(items);
  } else {
    auto made =
        schema::GenerateValidAt(*json.schema, *json.root,
                                {.seed = options_.seed, .direction = schema::Direction::kResponse});
    if (!made.ok() || !made->value.is_object()) return std::nullopt;
    boost::json::object envelope = std::move(made->value.as_object());
    envelope[shape->array_property] = std::move(items);
    body = envelope;
    for (bool omit_ended : {false, true}) {
      boost::json::object filled = envelope;
      FillPaging(filled, shape->array_property, next_cursor, stored.total, page, size, skip,
                 omit_ended);
      if (schema::NodeAccepts(compiled, *json.root, boost::json::value(filled),
                              schema::Direction::kResponse)) {
        body = std::move(filled);
        break;
      }
    }
  }
  if (!schema::NodeAccepts(compiled, *json.root, body, schema::Direction::kResponse))
    return std::nullopt;
  MockResult result;
  result.response.status = StatusOf(*success);
  AddDocumentedHeaders(*success, result.response);
  result.response.headers.Set("content-type", json.media->media_type.find('*') == std::string::npos
                                                  ? json.media->media_type
                                                  : "application/json");
  if (stored.next_position) {
    std::string next =
        style == PagingStyle::kCursor ? StrCat(position_parameter, "=", *next_cursor)
        : style == PagingStyle::kOffset
            ? StrCat(position_parameter, "=", skip + size)
            : StrCat(position_parameter.empty() ? "page" : position_parameter, "=", page + 1);
    if (!size_parameter.empty()) next += StrCat("&", size_parameter, "=", size);
    // The request's other parameters stay (Azure's required api-version, filters).
    std::string kept;
    for (std::string_view pair : Split(request.query, '&')) {
      const std::string name = PercentDecode(pair.substr(0, pair.find('=')));
      if (pair.empty() || name == position_parameter || name == size_parameter) continue;
      kept += StrCat(pair, "&");
    }
    result.response.headers.Set("link",
                                StrCat("<", request.path, "?", kept, next, ">; rel=\"next\""));
  }
  result.response.headers.Set("x-total-count", StrCat(stored.total));
  result.response.body = ReadableJson(body);
  return result;
}

}  // namespace icopilot::mock
