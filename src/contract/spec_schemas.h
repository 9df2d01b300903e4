// The schema engine's view of one loaded spec: compiles the schemas the model points at
// (parameters, bodies, responses) on first use, into one graph so that a component schema
// many operations use is compiled once, and keeps them. Thread-safe.
//
// `$ref`s resolve in the spec's root document; for Swagger 2.0, whose converted schemas
// refer to `#/components/schemas/...`, in a document made of the converted definitions.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include <boost/json/value.hpp>

#include "absl/status/statusor.h"
#include "schema/schema.h"
#include "spec/load.h"

namespace icopilot::contract {

class SpecSchemas {
 public:
  // `loaded` must outlive this object and hold a usable spec.
  explicit SpecSchemas(const spec::LoadedSpec& loaded);
  ~SpecSchemas();

  // The compiled schema for a value the model points at (SchemaPtr). Errors (a `$ref`
  // the schema engine cannot follow) are kept and returned each time.
  absl::StatusOr<const schema::Schema*> Get(const boost::json::value* schema) const;

  schema::Dialect dialect() const { return dialect_; }

 private:
  const spec::LoadedSpec& loaded_;
  schema::Dialect dialect_;
  const boost::json::value* root_ = nullptr;
  boost::json::value swagger_root_;  // {"components": {"schemas": ...}} for Swagger 2.0
  // One graph for the whole spec: operations share their component schemas' nodes.
  std::unique_ptr<schema::SchemaSet> set_;
  mutable std::mutex mutex_;
  mutable std::map<const boost::json::value*, absl::StatusOr<std::unique_ptr<schema::Schema>>>
      compiled_;
};

}  // namespace icopilot::contract
