// The API reference a partner reads: a spec's operations with what the document says of
// them (descriptions, parameters, bodies, responses, security), the component schemas they
// use, and an example of every body: the document's own, else one the schema engine makes,
// labelled as made. Texts are the document's, unrendered: the reader renders them safely.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "contract/spec_schemas.h"
#include "net/http.h"
#include "spec/load.h"

namespace icopilot::contract {

// The table of contents: title, version, servers, security schemes, and each operation's
// id, method, path, summary, tags and deprecation, in the document's order.
boost::json::object ReferenceContents(const spec::LoadedSpec& loaded);

// One operation in full, with the component schemas its schemas reach (at most
// kMaxReferencedSchemas; `schemas_truncated` says when more were left out) and a request
// built as a client would send it (without credentials). NotFound for an unknown id.
inline constexpr int kMaxReferencedSchemas = 200;
absl::StatusOr<boost::json::object> OperationReference(const spec::LoadedSpec& loaded,
                                                       const SpecSchemas& schemas,
                                                       std::string_view operation_id);

// The request the reference shows for `op`: the document's examples where it has them,
// else generated values; without credentials; its path and target without the first
// server's base path. FailedPrecondition when no valid request can be built.
absl::StatusOr<net::Request> BuildExampleRequest(const spec::Spec& spec, const SpecSchemas& schemas,
                                                 const spec::Operation& op);

}  // namespace icopilot::contract
