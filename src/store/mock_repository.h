#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// Spec versions and hosted mocks, per project. The vendor org that owns the project sees
// and changes them; partners invited to the project see them. Another org's rows are
// NotFound, never Forbidden.
class MockRepository {
 public:
  explicit MockRepository(SqlExecutor& db) : db_(db) {}

  absl::StatusOr<SpecVersion> AddSpecVersion(const Scope& scope, SpecVersion version,
                                             std::string_view document);
  absl::StatusOr<Page<SpecVersion>> ListSpecVersions(const Scope& scope,
                                                     std::string_view project_id,
                                                     const PageRequest& page);
  absl::StatusOr<SpecVersion> GetSpecVersion(const Scope& scope, std::string_view project_id,
                                             std::string_view id);
  // NotFound unless the scope sees the version. Reads no column stored after the
  // document: SQLite reaches those through the document's overflow pages, which for a
  // 13 MB description costs 15 ms a call (bench/playground_check.py).
  absl::Status RequireVisibleSpecVersion(const Scope& scope, std::string_view project_id,
                                         std::string_view id);
  // The version's document as uploaded, with its label (the name its diagnostics use).
  struct SpecDocument {
    std::string label;
    std::string document;
  };
  absl::StatusOr<SpecDocument> GetSpecDocument(const Scope& scope, std::string_view project_id,
                                               std::string_view id);

  absl::StatusOr<MockRecord> CreateMock(const Scope& scope, MockRecord mock);
  absl::StatusOr<Page<MockRecord>> ListMocks(const Scope& scope, std::string_view project_id,
                                             const PageRequest& page);
  absl::StatusOr<MockRecord> GetMock(const Scope& scope, std::string_view project_id,
                                     std::string_view id);
  // nullopt: keep the port; a nullopt inside: no dedicated port any more.
  using PortChange = std::optional<std::optional<std::int64_t>>;
  // What an update changes; fields left nullopt keep their value. A spec version must be
  // one of the mock's project.
  struct MockChange {
    std::optional<std::string> spec_version_id;
    std::optional<std::string> name;
    std::optional<std::string> config;
    PortChange port;
  };
  absl::StatusOr<MockRecord> UpdateMock(const Scope& scope, std::string_view project_id,
                                        std::string_view id, const MockChange& change,
                                        std::int64_t now);
  absl::Status DeleteMock(const Scope& scope, std::string_view project_id, std::string_view id);

  // What serving a mock needs, by its id alone: the hosted mock's URL names it, and the
  // mock checks its own credentials. The one read here without a scope; it returns
  // nothing a caller of the mock does not already use (its spec, its settings).
  struct Serving {
    MockRecord mock;
    std::string document;
    std::string document_label;
  };
  absl::StatusOr<Serving> FindForServing(std::string_view mock_id);
  // Every mock with a dedicated port, to listen on them when the server starts. Unscoped
  // like FindForServing.
  absl::StatusOr<std::vector<std::pair<std::string, std::int64_t>>> ListPorts();

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
