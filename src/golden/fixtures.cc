#include "golden/fixtures.h"

#include <algorithm>
#include <utility>

#include "core/json.h"
#include "core/json_writer.h"
#include "core/strings.h"

namespace icopilot::golden {
namespace {

std::string_view LastSegment(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string IdText(const boost::json::value& value) {
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_int64() || value.is_uint64()) return ReadableJson(value);
  return "";
}

}  // namespace

std::string ItemParameter(std::string_view path) {
  std::string_view last = LastSegment(path);
  if (last.size() > 2 && last.front() == '{' && last.back() == '}')
    return std::string(last.substr(1, last.size() - 2));
  return "";
}

std::string_view ParentPath(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos || slash == 0 ? std::string_view("/")
                                                       : path.substr(0, slash);
}

std::optional<std::size_t> FindOperation(const spec::Spec& spec, spec::Method method,
                                         std::string_view path) {
  for (std::size_t i = 0; i < spec.operations.size(); ++i) {
    if (spec.operations[i].method == method && spec.operations[i].path == path) return i;
  }
  return std::nullopt;
}

std::string IdOf(const boost::json::object& object, std::string_view preferred) {
  for (std::string_view name : {preferred, std::string_view("id")}) {
    if (const auto* value = name.empty() ? nullptr : object.if_contains(name)) {
      if (std::string text = IdText(*value); !text.empty()) return text;
    }
  }
  for (const auto& [key, value] : object) {
    if (ToLower(key).ends_with("id")) {
      if (std::string text = IdText(value); !text.empty()) return text;
    }
  }
  return "";
}

std::vector<std::string> CreatedIds(std::string_view parameter, std::string_view body,
                                    std::optional<std::string_view> location) {
  // The body's property named like the item parameter or `id`; then the Location the
  // server says the resource is at; then the same names in another case (`Sid`, `sid`);
  // then properties ending in "id" (a ride's `ride_id` next to its `driver_id`).
  std::vector<std::string> out;
  auto add = [&](std::string id) {
    if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end())
      out.push_back(std::move(id));
  };
  auto parsed = ParseJson(body);
  const boost::json::object* object =
      parsed.ok() && parsed->is_object() ? &parsed->as_object() : nullptr;
  const std::string wanted = ToLower(parameter);
  if (object != nullptr) {
    for (std::string_view name : {parameter, std::string_view("id")}) {
      if (const auto* value = name.empty() ? nullptr : object->if_contains(name))
        add(IdText(*value));
    }
  }
  if (location && !location->empty()) {
    std::string_view path = location->substr(0, location->find_first_of("?#"));
    std::string_view last = LastSegment(path);
    if (!last.empty()) add(PercentDecode(last));
  }
  if (object != nullptr) {
    for (std::string_view name : {std::string_view(wanted), std::string_view("id")}) {
      for (const auto& [key, value] : *object) {
        if (!name.empty() && ToLower(key) == name) add(IdText(value));
      }
    }
    for (const auto& [key, value] : *object) {
      if (ToLower(key).ends_with("id")) add(IdText(value));
    }
  }
  return out;
}

std::string CreatedId(std::string_view parameter, std::string_view body,
                      std::optional<std::string_view> location) {
  auto ids = CreatedIds(parameter, body, location);
  return ids.empty() ? "" : ids.front();
}

std::vector<std::pair<std::string, std::string>> PathValues(std::string_view path_template,
                                                            std::string_view path) {
  const std::vector<std::string_view> names = SplitAndTrim(path_template, '/');
  const std::vector<std::string_view> values = SplitAndTrim(path, '/');
  std::vector<std::pair<std::string, std::string>> out;
  if (values.size() < names.size()) return out;
  const std::size_t skip = values.size() - names.size();
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string_view name = names[i], value = values[skip + i];
    if (name.size() > 2 && name.front() == '{' && name.back() == '}') {
      out.emplace_back(std::string(name.substr(1, name.size() - 2)), PercentDecode(value));
    } else if (name != value) {
      return {};
    }
  }
  return out;
}

std::optional<Made> Fixtures::Shared(std::size_t creator) const {
  std::lock_guard lock(mutex_);
  auto found = shared_.find(creator);
  if (found == shared_.end()) return std::nullopt;
  return found->second;
}

void Fixtures::SetShared(std::size_t creator, Made made) {
  std::lock_guard lock(mutex_);
  shared_.emplace(creator, std::move(made));
}

void Fixtures::Remember(Created created) {
  std::lock_guard lock(mutex_);
  created_.push_back(std::move(created));
}

std::vector<Created> Fixtures::TakeAll() {
  std::lock_guard lock(mutex_);
  return std::exchange(created_, {});
}

}  // namespace icopilot::golden
