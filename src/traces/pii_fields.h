// The fields a spec marks as personal or secret, per operation: properties whose schema
// says `format: password` or `x-pii: true` (in parameters, request bodies and responses,
// through local `$ref`s to component schemas). Redaction masks them by name in that
// operation's traces.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "spec/model.h"

namespace icopilot::traces {

class PiiFields {
 public:
  explicit PiiFields(const spec::Spec& spec);
  // Lower-case names; empty for an unknown operation.
  const std::vector<std::string>& For(std::string_view operation_id) const;

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> by_operation_;
};

}  // namespace icopilot::traces
