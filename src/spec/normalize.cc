#include "spec/normalize.h"

#include "core/strings.h"
#include "spec/openapi3_reader.h"
#include "spec/swagger2_reader.h"

namespace icopilot::spec {

absl::StatusOr<Spec> Normalize(const SpecFiles& files, Diagnostics& diagnostics) {
  NormalizeContext context(files, diagnostics);
  Located root{&files.root(), &files.root().root(), ""};
  if (root.object() == nullptr) {
    context.Error("not-an-object", root, "the document is not an object; an OpenAPI document is a mapping");
    return absl::InvalidArgumentError("the document is not an object");
  }
  Spec spec;
  std::string openapi = StringMember(root.object(), "openapi");
  std::string swagger = StringMember(root.object(), "swagger");
  if (root.Child("openapi").value != nullptr && openapi.empty()) {
    context.Warn("version-not-string", root.Child("openapi"), "openapi should be a string such as \"3.0.3\"");
    openapi = "3.0";
  }
  if (!openapi.empty()) {
    if (!openapi.starts_with("3.0") && !openapi.starts_with("3.1")) {
      context.Error("unsupported-version", root.Child("openapi"),
                    StrCat("openapi '", openapi, "' is not a version this engine reads (2.0, 3.0.x, 3.1.x)"));
      return absl::InvalidArgumentError(StrCat("unsupported OpenAPI version ", openapi));
    }
    spec.input_version = openapi;
    ReadOpenApi3(context, root, spec);
  } else if (!swagger.empty() || root.Child("swagger").value != nullptr) {
    if (swagger != "2.0") {
      context.Warn("swagger-version", root.Child("swagger"), "swagger should be \"2.0\"; read as 2.0");
    }
    spec.input_version = "2.0";
    ReadSwagger2(context, root, spec);
  } else {
    context.Error("unknown-version", root, "no 'openapi' or 'swagger' field: this is not an OpenAPI document");
    return absl::InvalidArgumentError("not an OpenAPI document: no 'openapi' or 'swagger' field");
  }
  Located info = root.Child("info");
  spec.title = StringMember(info.object(), "title");
  spec.api_version = StringMember(info.object(), "version");
  if (info.object() == nullptr) context.Warn("missing-info", root, "the document has no info object");
  else if (spec.title.empty()) context.Warn("missing-title", info, "info.title is missing");
  CheckOperations(context, spec);
  return spec;
}

}  // namespace icopilot::spec
