#include "support/cli_schema.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "core/json.h"
#include "core/strings.h"
#include "schema/schema.h"

namespace icopilot::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kDocs = fs::path(ICOPILOT_SOURCE_DIR) / "docs/cli";

class DocsResolver : public schema::DocumentResolver {
 public:
  const boost::json::value* Resolve(std::string_view uri) override {
    if (!uri.starts_with("file://")) return nullptr;
    std::string key(uri);
    if (auto it = loaded_.find(key); it != loaded_.end()) return it->second.get();
    std::ifstream in(std::string(uri.substr(7)));
    if (!in) return nullptr;
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = ParseJson(text.str());
    if (!parsed.ok()) return nullptr;
    return loaded_.emplace(key, std::make_unique<boost::json::value>(std::move(*parsed)))
        .first->second.get();
  }

 private:
  std::map<std::string, std::unique_ptr<boost::json::value>> loaded_;
};

}  // namespace

std::string CliSchemaErrors(std::string_view name, std::string_view json_text) {
  DocsResolver resolver;
  const std::string uri = "file://" + (kDocs / StrCat(name, ".schema.json")).string();
  const boost::json::value* document = resolver.Resolve(uri);
  if (document == nullptr) return StrCat("cannot read ", uri);
  schema::CompileOptions options;
  options.dialect = schema::Dialect::kDraft202012;
  options.base_uri = uri;
  options.resolver = &resolver;
  auto compiled = schema::Schema::Compile(*document, "", options);
  if (!compiled.ok()) return std::string(compiled.status().message());
  auto instance = ParseJson(json_text);
  if (!instance.ok()) return StrCat("output is not JSON: ", instance.status().message());
  std::string errors;
  for (const auto& e : compiled->Validate(*instance).errors)
    errors += StrCat(e.message, " (", e.schema_path, ")\n");
  return errors;
}

}  // namespace icopilot::testing
