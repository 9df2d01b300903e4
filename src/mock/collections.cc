#include "mock/collections.h"

#include <map>

namespace icopilot::mock {
namespace {

std::string_view WithoutTrailingSlash(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// "/pets/{petId}" -> {"/pets", "petId"}; nullopt unless the last segment is one whole
// parameter.
std::optional<std::pair<std::string, std::string>> SplitItemPath(std::string_view path) {
  path = WithoutTrailingSlash(path);
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view last = path.substr(slash + 1);
  if (last.size() < 3 || last.front() != '{' || last.back() != '}' ||
      last.find('{', 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string parent(path.substr(0, slash));
  if (parent.empty()) parent = "/";
  return std::make_pair(parent, std::string(last.substr(1, last.size() - 2)));
}

}  // namespace

std::vector<OperationRole> FindResourceRoles(const spec::Spec& spec) {
  std::vector<OperationRole> roles(spec.operations.size());
  // Paths of every operation, and for each collection path its item parameter.
  std::map<std::string, std::vector<std::size_t>, std::less<>> at_path;
  for (std::size_t i = 0; i < spec.operations.size(); ++i) {
    at_path[std::string(WithoutTrailingSlash(spec.operations[i].path))].push_back(i);
  }
  std::map<std::string, std::string, std::less<>> item_parameter;  // collection -> parameter
  std::map<std::string, std::size_t, std::less<>> reader;          // collection -> item GET
  for (const auto& [path, operations] : at_path) {
    auto split = SplitItemPath(path);
    if (!split || !at_path.contains(split->first)) continue;
    item_parameter.emplace(split->first, split->second);
    for (std::size_t i : operations) {
      if (spec.operations[i].method == spec::Method::kGet) reader.emplace(split->first, i);
    }
  }
  for (std::size_t i = 0; i < spec.operations.size(); ++i) {
    const spec::Operation& op = spec.operations[i];
    std::string path(WithoutTrailingSlash(op.path));
    OperationRole& role = roles[i];
    if (auto p = item_parameter.find(path); p != item_parameter.end()) {
      role.id_parameter = p->second;
      if (op.method == spec::Method::kPost) role.role = ResourceRole::kCreate;
      if (op.method == spec::Method::kGet) role.role = ResourceRole::kList;
      if (auto r = reader.find(path); r != reader.end()) role.read_operation = r->second;
      continue;
    }
    auto split = SplitItemPath(path);
    if (!split || !item_parameter.contains(split->first)) continue;
    role.id_parameter = split->second;
    if (op.method == spec::Method::kGet) role.role = ResourceRole::kRead;
    if (op.method == spec::Method::kPut) role.role = ResourceRole::kReplace;
    if (op.method == spec::Method::kPatch) role.role = ResourceRole::kUpdate;
    if (op.method == spec::Method::kDelete) role.role = ResourceRole::kDelete;
    if (auto r = reader.find(split->first); r != reader.end()) role.read_operation = r->second;
  }
  return roles;
}

std::string CollectionOf(std::string_view request_path, ResourceRole role) {
  std::string_view path = WithoutTrailingSlash(request_path);
  if (role == ResourceRole::kCreate || role == ResourceRole::kList) return std::string(path);
  std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos || slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace icopilot::mock
