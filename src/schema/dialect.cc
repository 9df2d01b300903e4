#include "schema/schema.h"

namespace icopilot::schema {

bool ParseDialect(std::string_view name, Dialect& dialect) {
  if (name == "openapi-3.0")
    dialect = Dialect::kOpenApi30;
  else if (name == "draft4")
    dialect = Dialect::kDraft4;
  else if (name == "2020-12")
    dialect = Dialect::kDraft202012;
  else
    return false;
  return true;
}

std::string_view DialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::kOpenApi30:
      return "openapi-3.0";
    case Dialect::kDraft4:
      return "draft4";
    case Dialect::kDraft202012:
      return "2020-12";
  }
  return "";
}

bool DialectFromSchemaUri(std::string_view uri, Dialect& dialect) {
  if (uri.ends_with("#")) uri.remove_suffix(1);
  if (uri == "http://json-schema.org/draft-04/schema" ||
      uri == "https://json-schema.org/draft-04/schema") {
    dialect = Dialect::kDraft4;
    return true;
  }
  if (uri == "https://json-schema.org/draft/2020-12/schema" ||
      uri.starts_with("https://spec.openapis.org/oas/3.1/dialect")) {
    dialect = Dialect::kDraft202012;
    return true;
  }
  return false;
}

}  // namespace icopilot::schema
