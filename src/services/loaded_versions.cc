#include "services/loaded_versions.h"

#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::services {

absl::StatusOr<std::shared_ptr<const LoadedVersion>> LoadedVersions::Get(
    const std::string& version_id, const Reader& read) {
  {
    std::lock_guard lock(mutex_);
    for (auto it = recent_.begin(); it != recent_.end(); ++it) {
      if (it->first != version_id) continue;
      recent_.splice(recent_.begin(), recent_, it);
      return recent_.front().second;
    }
  }
  ASSIGN_OR_RETURN(auto source, read());
  auto version = std::make_shared<LoadedVersion>();
  version->loaded =
      spec::LoadSpecText(std::move(source.first), std::move(source.second), spec::StoredVersion());
  if (!version->loaded.spec)
    return absl::FailedPreconditionError(
        StrCat("the spec version no longer loads: ", version->loaded.unusable_reason));
  version->schemas = std::make_unique<contract::SpecSchemas>(version->loaded);
  std::lock_guard lock(mutex_);
  recent_.emplace_front(version_id, version);
  if (recent_.size() > capacity_) recent_.pop_back();
  return std::shared_ptr<const LoadedVersion>(std::move(version));
}

}  // namespace icopilot::services
