// Shared by the OpenAPI 3 and Swagger 2 readers: where a value came from, and following
// $refs relative to that file.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "absl/container/flat_hash_map.h"
#include "spec/diagnostic.h"
#include "spec/model.h"
#include "spec/spec_files.h"

namespace icopilot::spec {

// A value with the document and pointer it was found at.
struct Located {
  const SourceDocument* document = nullptr;
  const boost::json::value* value = nullptr;
  std::string pointer;

  const boost::json::object* object() const { return value ? value->if_object() : nullptr; }
  Located Child(std::string_view key) const;
  // The member's value alone, without building its pointer; nullptr when absent.
  const boost::json::value* Member(std::string_view key) const;
};

class NormalizeContext {
 public:
  NormalizeContext(const SpecFiles& files, Diagnostics& diagnostics)
      : files_(files), diagnostics_(diagnostics) {}

  // Follows a {"$ref": ...} object to its target; returns `at` itself otherwise. An
  // unresolvable $ref gives an empty Located (already reported by SpecFiles).
  Located Deref(const Located& at) const;
  // The same for a value of `document` whose pointer is not needed: the target value, or
  // nullptr when the $ref leads nowhere.
  const boost::json::value* Follow(const SourceDocument* document,
                                   const boost::json::value* value) const;

  void Warn(std::string rule, const Located& at, std::string message);
  void Error(std::string rule, const Located& at, std::string message);

  const SpecFiles& files() const { return files_; }
  // Diagnostics another context found (a reader's second thread), after this one's.
  void Adopt(Diagnostics&& other);

 private:
  const SpecFiles& files_;
  Diagnostics& diagnostics_;
  // Big specs refer to the same parameters and responses hundreds of times: each
  // distinct $ref of a document is followed once. Keys point into the documents.
  const std::optional<SpecFiles::Target>* Resolved(const SourceDocument* document,
                                                   const boost::json::value& value) const;
  mutable absl::flat_hash_map<std::pair<const SourceDocument*, std::string_view>,
                              std::optional<SpecFiles::Target>>
      resolved_;
};

std::string StringMember(const boost::json::object* object, std::string_view key);
bool BoolMember(const boost::json::object* object, std::string_view key, bool fallback);
std::vector<std::string> StringArrayMember(const boost::json::object* object, std::string_view key);

// Security requirement arrays ([{"oauth": ["read"]}]); names unknown to `schemes` warn.
std::vector<SecurityRequirement> ReadSecurity(NormalizeContext& context, const Located& at);

// Calls `read(response, out)` for each response of a responses object (extensions
// skipped, $refs followed), `out` holding the status and description already.
std::vector<Response> ReadResponseList(NormalizeContext& context, const Located& at,
                                       const std::function<void(const Located&, Response&)>& read);

// "get_pets_petId" from ("get", "/pets/{petId}").
std::string SynthesizeOperationId(std::string_view method, std::string_view path);

// Checks shared by both versions: path template variables against path parameters,
// unique operationIds, at least one response, known security schemes.
void CheckOperations(NormalizeContext& context, Spec& spec);

}  // namespace icopilot::spec
