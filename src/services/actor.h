// Who performs a use case and from where: the scope for the store, and the facts the
// audit log records.
#pragma once

#include <string>

#include "store/scope.h"

namespace icopilot::services {

struct Actor {
  store::Scope scope;
  std::string client_address;
  std::string request_id;
};

}  // namespace icopilot::services
