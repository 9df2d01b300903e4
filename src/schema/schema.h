// The schema engine's front door: a JSON Schema compiled once, validated many times.
//
// Dialects: OpenAPI 3.0's Schema Object, draft 4 (Swagger 2.0) and draft 2020-12
// (OpenAPI 3.1). A compiled schema points into the JSON documents it was compiled from
// (the spec's files, remote documents the resolver returned): keep them alive as long
// as the schema.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "absl/status/statusor.h"

namespace icopilot::schema {

enum class Dialect { kOpenApi30, kDraft4, kDraft202012 };

// "openapi-3.0", "draft4", "2020-12" (the CLI's names); false when unknown.
bool ParseDialect(std::string_view name, Dialect& dialect);
std::string_view DialectName(Dialect dialect);
// From a `$schema` URI; false when it names no dialect we know.
bool DialectFromSchemaUri(std::string_view uri, Dialect& dialect);

enum class FormatMode { kAssert, kAnnotate };

// What the schema is checking: a request (readOnly properties are not required, and one
// sent is a warning) or a response (the same for writeOnly).
enum class Direction { kAny, kRequest, kResponse };

// Hands out documents that `$ref`s name by absolute URI (without fragment): other files
// of a spec, or the test suite's remotes. Return nullptr when unknown. The document must
// outlive the compiled schema.
class DocumentResolver {
 public:
  virtual ~DocumentResolver() = default;
  virtual const boost::json::value* Resolve(std::string_view absolute_uri) = 0;
};

struct CompileOptions {
  Dialect dialect = Dialect::kDraft202012;
  FormatMode formats = FormatMode::kAssert;
  // The URI of the document the schema is in; relative `$ref`s and `$id`s resolve
  // against it.
  std::string base_uri = "https://schema.icopilot.invalid/root.json";
  DocumentResolver* resolver = nullptr;
};

struct Problem {
  std::string instance_path;  // JSON pointer into the instance
  std::string schema_path;    // JSON pointer of the failing keyword, in its document
  std::string message;        // for people: "customer_email: 'ana@' is not an email address"
};

struct ValidateOptions {
  Direction direction = Direction::kAny;
  bool all_errors = true;  // false: stop at the first error
  // JSON Schema's rule: an instance matching more than one `oneOf` branch is invalid.
  // False reads a `oneOf` whose branches overlap as `anyOf` and says so in `warnings`:
  // when every object fits two branches (no `required` or `type` tells them apart), no
  // instance can be valid, and that is a defect of the spec, not of the API or the
  // partner that sends or answers one (issue 16).
  bool strict_one_of = true;
};

struct ValidationResult {
  bool valid = true;
  std::vector<Problem> errors;
  std::vector<Problem> warnings;  // readOnly sent in a request, writeOnly in a response
};

class CompiledSchema;
class Compiler;
struct SchemaGraph;

class Schema {
 public:
  // `pointer` names the schema inside `document` ("" for the whole document).
  // InvalidArgument when the schema is malformed or a `$ref` leads nowhere.
  static absl::StatusOr<Schema> Compile(const boost::json::value& document,
                                        std::string_view pointer, const CompileOptions& options);

  // `schema` is a value inside `document` (or made to stand for one of its schemas):
  // its `$ref`s resolve against `document`. Keyword locations are relative to `schema`.
  static absl::StatusOr<Schema> CompileValue(const boost::json::value& document,
                                             const boost::json::value& schema,
                                             const CompileOptions& options);

  ValidationResult Validate(const boost::json::value& instance,
                            const ValidateOptions& options = {}) const;

  // What the compiler could not honour and skipped, once each: patterns RE2 cannot run
  // (lookaround, backreferences), unknown formats.
  const std::vector<std::string>& unsupported() const;

  // The compiled graph, for the engine's own parts (the generators).
  const CompiledSchema& compiled() const { return *compiled_; }

 private:
  friend class SchemaSet;
  explicit Schema(std::shared_ptr<const CompiledSchema> compiled)
      : compiled_(std::move(compiled)) {}
  std::shared_ptr<const CompiledSchema> compiled_;
};

// The schemas of one document compiled into one shared graph: a schema every entry point
// reaches (a spec's component schemas) is compiled once, however many operations point
// at it. `document` must outlive the set and the schemas it hands out. Not thread-safe.
class SchemaSet {
 public:
  SchemaSet(const boost::json::value& document, CompileOptions options);
  ~SchemaSet();
  SchemaSet(const SchemaSet&) = delete;
  SchemaSet& operator=(const SchemaSet&) = delete;

  // `schema` is a value inside the document (or made to stand for one of its schemas).
  absl::StatusOr<Schema> CompileValue(const boost::json::value& schema);

 private:
  void Restart();

  const boost::json::value& document_;
  CompileOptions options_;
  std::shared_ptr<SchemaGraph> graph_;
  std::unique_ptr<Compiler> compiler_;
};

}  // namespace icopilot::schema
