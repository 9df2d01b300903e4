// A spec made ready for checking traces: the loaded document, its operation index,
// compiled schemas and PII-marked fields, kept together so their references stay valid.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "spec/load.h"
#include "traces/har.h"

namespace icopilot::traces {

class CompiledContract {
 public:
  // InvalidArgument with the reason when the spec is unusable.
  static absl::StatusOr<std::shared_ptr<const CompiledContract>> Create(spec::LoadedSpec loaded);
  ~CompiledContract();

  const ContractContext& context() const { return context_; }
  const spec::Spec& spec() const { return *loaded_.spec; }

 private:
  explicit CompiledContract(spec::LoadedSpec loaded);
  spec::LoadedSpec loaded_;
  std::unique_ptr<contract::OperationIndex> index_;
  std::unique_ptr<contract::SpecSchemas> schemas_;
  std::unique_ptr<PiiFields> pii_;
  ContractContext context_;
};

}  // namespace icopilot::traces
