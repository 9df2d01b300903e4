// Stored spec versions loaded for reading (the API reference), the few read last kept
// loaded: a partner going through the Docs reads one version many times, and loading a
// large document takes tens of milliseconds. Thread-safe; what it hands out is immutable.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "contract/spec_schemas.h"
#include "spec/load.h"

namespace icopilot::services {

struct LoadedVersion {
  spec::LoadedSpec loaded;
  std::unique_ptr<contract::SpecSchemas> schemas;  // over `loaded`, which it outlives
};

class LoadedVersions {
 public:
  explicit LoadedVersions(std::size_t capacity = 4) : capacity_(capacity) {}

  // The version loaded, from memory or from `read` ((label, document)), which is called
  // outside the lock. FailedPrecondition when the stored document no longer loads.
  using Reader = std::function<absl::StatusOr<std::pair<std::string, std::string>>()>;
  absl::StatusOr<std::shared_ptr<const LoadedVersion>> Get(const std::string& version_id,
                                                           const Reader& read);

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::list<std::pair<std::string, std::shared_ptr<const LoadedVersion>>> recent_;  // newest first
};

}  // namespace icopilot::services
