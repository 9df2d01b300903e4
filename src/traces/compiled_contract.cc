#include "traces/compiled_contract.h"

#include "core/strings.h"

namespace icopilot::traces {

CompiledContract::CompiledContract(spec::LoadedSpec loaded) : loaded_(std::move(loaded)) {
  index_ = std::make_unique<contract::OperationIndex>(*loaded_.spec);
  schemas_ = std::make_unique<contract::SpecSchemas>(loaded_);
  pii_ = std::make_unique<PiiFields>(*loaded_.spec);
  context_ = {&*loaded_.spec, index_.get(), schemas_.get(), pii_.get(), {}};
}

CompiledContract::~CompiledContract() = default;

absl::StatusOr<std::shared_ptr<const CompiledContract>> CompiledContract::Create(
    spec::LoadedSpec loaded) {
  if (!loaded.spec)
    return absl::InvalidArgumentError(StrCat("the spec is unusable: ", loaded.unusable_reason));
  return std::shared_ptr<const CompiledContract>(new CompiledContract(std::move(loaded)));
}

}  // namespace icopilot::traces
