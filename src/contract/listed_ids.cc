#include "contract/listed_ids.h"

#include <algorithm>

#include "core/strings.h"

namespace icopilot::contract {
namespace {

std::string ScalarText(const boost::json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  return "";
}

const boost::json::array* ItemsIn(const boost::json::value& body) {
  if (body.is_array()) return &body.get_array();
  if (!body.is_object()) return nullptr;
  const boost::json::array* first = nullptr;
  for (const auto& [key, value] : body.get_object()) {
    if (!value.is_array()) continue;
    const std::string lower = ToLower(key);
    for (std::string_view name : {"items", "data", "results", "records", "entries", "values"}) {
      if (lower == name) return &value.get_array();
    }
    if (first == nullptr) first = &value.get_array();
  }
  return first;
}

}  // namespace

std::string ListedItemId(const boost::json::value& item, std::string_view parameter) {
  if (!item.is_object()) return ScalarText(item);
  const boost::json::object& object = item.get_object();
  const bool named_by_name = ToLower(parameter).ends_with("name");
  for (std::string_view key :
       {parameter, std::string_view("id"), named_by_name ? std::string_view("name") : ""}) {
    if (key.empty()) continue;
    if (const auto* value = object.if_contains(key)) {
      if (std::string text = ScalarText(*value); !text.empty()) return text;
    }
  }
  for (const auto& [key, value] : object) {
    if (ToLower(key).ends_with("id")) {
      if (std::string text = ScalarText(value); !text.empty()) return text;
    }
  }
  return "";
}

std::optional<std::vector<std::string>> ListedIds(const boost::json::value& body,
                                                  std::string_view parameter, std::size_t limit) {
  const boost::json::array* items = ItemsIn(body);
  if (items == nullptr) return std::nullopt;
  std::vector<std::string> ids;
  for (const auto& item : *items) {
    if (ids.size() >= limit) break;
    if (std::string id = ListedItemId(item, parameter); !id.empty()) ids.push_back(std::move(id));
  }
  if (ids.empty() && !items->empty()) return std::nullopt;
  return ids;
}

}  // namespace icopilot::contract
