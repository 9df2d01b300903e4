#include "contract/spec_schemas.h"

namespace icopilot::contract {

SpecSchemas::SpecSchemas(const spec::LoadedSpec& loaded) : loaded_(loaded) {
  const std::string& version = loaded.spec->input_version;
  if (version == "2.0") {
    dialect_ = schema::Dialect::kDraft4;
    boost::json::object components;
    if (loaded.spec->schemas) components["schemas"] = *loaded.spec->schemas;
    swagger_root_ = boost::json::object{{"components", std::move(components)}};
    root_ = &swagger_root_;
  } else {
    dialect_ =
        version.starts_with("3.1") ? schema::Dialect::kDraft202012 : schema::Dialect::kOpenApi30;
    root_ = &loaded.files->root().root();
  }
  schema::CompileOptions options;
  options.dialect = dialect_;
  options.formats = schema::FormatMode::kAssert;
  set_ = std::make_unique<schema::SchemaSet>(*root_, options);
}

SpecSchemas::~SpecSchemas() = default;

absl::StatusOr<const schema::Schema*> SpecSchemas::Get(const boost::json::value* value) const {
  if (value == nullptr) return absl::InvalidArgumentError("no schema");
  std::lock_guard lock(mutex_);
  auto it = compiled_.find(value);
  if (it == compiled_.end()) {
    auto made = set_->CompileValue(*value);
    absl::StatusOr<std::unique_ptr<schema::Schema>> entry =
        made.ok() ? absl::StatusOr<std::unique_ptr<schema::Schema>>(
                        std::make_unique<schema::Schema>(std::move(*made)))
                  : absl::StatusOr<std::unique_ptr<schema::Schema>>(made.status());
    it = compiled_.emplace(value, std::move(entry)).first;
  }
  if (!it->second.ok()) return it->second.status();
  return it->second->get();
}

}  // namespace icopilot::contract
