// Which operations of a spec act on collections of resources, for stateful mocks. A
// collection is a path whose item path adds one templated segment (`/pets` and
// `/pets/{petId}`): POST to the collection creates, GET lists; GET, PUT, PATCH and
// DELETE on the item read, replace, update and delete.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "spec/model.h"

namespace icopilot::mock {

enum class ResourceRole { kNone, kCreate, kList, kRead, kReplace, kUpdate, kDelete };

struct OperationRole {
  ResourceRole role = ResourceRole::kNone;
  // The item path's templated last segment ("petId"); the id property is named like it,
  // or `id`.
  std::string id_parameter;
  // The GET on the item path, whose response describes a stored resource.
  std::optional<std::size_t> read_operation;
};

// Parallel to spec.operations.
std::vector<OperationRole> FindResourceRoles(const spec::Spec& spec);

// The collection a request acts on, named by its concrete path: the path itself for
// collection operations, the path without its last segment for item operations.
std::string CollectionOf(std::string_view request_path, ResourceRole role);

}  // namespace icopilot::mock
