// The resources a run makes so that it can read, change and delete them as a client
// would (POST to the collection, then use the id), kept so that the run deletes them at
// the end where the spec offers a DELETE. Only the record: creating is the runner's.
// Thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "spec/model.h"

namespace icopilot::golden {

struct Created {
  std::size_t item_operation = 0;  // an operation on the item path (for its template)
  std::string parameter;           // the item path's last parameter
  std::string id;
};

// The path's last segment's parameter name, "" when the last segment is literal.
std::string ItemParameter(std::string_view path);
// The path without its last segment ("/orders/{id}" -> "/orders").
std::string_view ParentPath(std::string_view path);
// The index of the operation with `method` on `path`, nullopt when none.
std::optional<std::size_t> FindOperation(const spec::Spec& spec, spec::Method method,
                                         std::string_view path);
// The id an object names: its property `preferred` (the item parameter's name), `id`, or
// one ending in "id" ("orderId", "order_id"), as text. "" when none.
std::string IdOf(const boost::json::object& object, std::string_view preferred);
// The ids a create's answer may name, surest first: the body's property named like the
// item parameter or `id`; the Location header's last segment; those names in another case;
// properties ending in "id". The caller keeps the first the path parameter's schema takes.
std::vector<std::string> CreatedIds(std::string_view parameter, std::string_view body,
                                    std::optional<std::string_view> location);
// The first of CreatedIds, "" when none.
std::string CreatedId(std::string_view parameter, std::string_view body,
                      std::optional<std::string_view> location);

// The values of a concrete path's parameters, by name, read against its template (aligned
// from the end, so a base path before it does not matter): ("/v1/batches/{batchUuid}/items",
// "/api/v1/batches/7/items") gives {batchUuid: 7}. Empty when they do not line up.
std::vector<std::pair<std::string, std::string>> PathValues(std::string_view path_template,
                                                            std::string_view path);

// A resource the run made, with the values of its parents' parameters it was made under
// (a batch's items live under that batch).
struct Made {
  std::string id;
  std::vector<std::pair<std::string, std::string>> parents;
};

class Fixtures {
 public:
  // The shared resource for a collection (by the creating operation), if made.
  std::optional<Made> Shared(std::size_t creator) const;
  void SetShared(std::size_t creator, Made made);
  void Remember(Created created);
  // Everything remembered, once (the caller deletes them).
  std::vector<Created> TakeAll();

 private:
  mutable std::mutex mutex_;
  std::map<std::size_t, Made> shared_;
  std::vector<Created> created_;
};

}  // namespace icopilot::golden
