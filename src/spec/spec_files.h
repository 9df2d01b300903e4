// The files of one spec: the root document and every file its $refs reach, each loaded
// and parsed once, with every $ref checked (target exists, no pure-$ref cycles).
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "spec/diagnostic.h"
#include "spec/source_document.h"

namespace icopilot::spec {

struct LoadOptions {
  ParseLimits limits;
  std::size_t max_file_bytes = 100 * 1024 * 1024;
  // Remote (http, https) $refs are never fetched unless allowed, and then through
  // `fetch`, which the caller provides (the engine does no I/O of its own on the network).
  bool allow_remote_refs = false;
  std::function<absl::StatusOr<std::string>(const std::string& url)> fetch;
};

class SpecFiles {
 public:
  struct Target {
    const SourceDocument* document = nullptr;
    const boost::json::value* value = nullptr;
    std::string pointer;  // within document
  };

  // Reads `path` and whatever its $refs reach. An error when the root file cannot be read
  // or parsed (the spec is unusable); problems in referenced files are diagnostics.
  static absl::StatusOr<std::unique_ptr<SpecFiles>> Load(const std::filesystem::path& path, const LoadOptions& options,
                                                         Diagnostics& diagnostics);
  // For text already in memory (the server's uploads, tests). Relative file $refs are
  // unresolved: there is no folder to read them from.
  static absl::StatusOr<std::unique_ptr<SpecFiles>> FromText(std::string name, std::string text,
                                                             const LoadOptions& options, Diagnostics& diagnostics);

  const SourceDocument& root() const { return *documents_.at(root_file_); }
  const std::string& root_file() const { return root_file_; }
  const std::map<std::string, std::unique_ptr<SourceDocument>>& documents() const { return documents_; }

  // Follows `ref` as written in `from`, through chains of $ref-only objects. Nullopt
  // when it leads nowhere.
  std::optional<Target> Resolve(const SourceDocument& from, std::string_view ref) const;

  // Fills in line and column of each diagnostic from its file and pointer.
  void Place(Diagnostics& diagnostics) const;

 private:
  SpecFiles() = default;
  std::optional<Target> ResolveOnce(const SourceDocument& from, std::string_view ref) const;
  void LoadReferenced(const LoadOptions& options, Diagnostics& diagnostics);

  std::string root_file_;
  std::map<std::string, std::unique_ptr<SourceDocument>> documents_;  // by normalized path
};

}  // namespace icopilot::spec
