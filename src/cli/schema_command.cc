// `icopilot schema validate|sample`: the schema engine from a terminal or CI.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/json.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "schema/generator.h"
#include "schema/schema.h"
#include "spec/source_document.h"

namespace icopilot::cli {
namespace {

namespace fs = std::filesystem;

struct SchemaFlags {
  std::string schema_file;
  std::string pointer;
  std::string dialect;
  std::string direction;
  std::string formats;
  std::string instance_file;
  std::string instances_file;
  std::string format = "text";
  std::uint64_t seed = 1;
  int count = 1;
  bool invalid = false;
};

std::string FileUri(const fs::path& path) {
  return "file://" + fs::absolute(path).lexically_normal().string();
}

// Serves the schema's file and the files its `$ref`s name (file:// URIs only: nothing
// is fetched from the network).
class FileResolver : public schema::DocumentResolver {
 public:
  const boost::json::value* Resolve(std::string_view uri) override {
    if (!uri.starts_with("file://")) return nullptr;
    std::string key(uri);
    if (auto it = documents_.find(key); it != documents_.end()) return &it->second->root();
    fs::path path(uri.substr(7));
    spec::Diagnostics ignored;
    auto document = spec::SourceDocument::Read(path.string(), path, {}, ignored);
    if (!document.ok()) return nullptr;
    return &documents_.emplace(key, std::move(*document)).first->second->root();
  }

 private:
  std::map<std::string, std::unique_ptr<spec::SourceDocument>> documents_;
};

struct LoadedSchema {
  FileResolver resolver;
  std::optional<schema::Schema> schema;
  schema::Dialect dialect = schema::Dialect::kDraft202012;
  bool openapi = false;
};

// The dialect a document implies: OpenAPI 3.0/3.1, Swagger 2.0, or a `$schema`.
bool DialectOf(const boost::json::value& root, schema::Dialect& dialect, bool& openapi) {
  const auto* object = root.if_object();
  if (object == nullptr) return false;
  if (const auto* version = object->if_contains("openapi"); version && version->is_string()) {
    openapi = true;
    dialect = version->as_string().starts_with("3.1") ? schema::Dialect::kDraft202012
                                                      : schema::Dialect::kOpenApi30;
    return true;
  }
  if (object->contains("swagger")) {
    openapi = true;
    dialect = schema::Dialect::kDraft4;
    return true;
  }
  if (const auto* uri = object->if_contains("$schema"); uri && uri->is_string()) {
    return schema::DialectFromSchemaUri(
        std::string_view(uri->as_string().data(), uri->as_string().size()), dialect);
  }
  return false;
}

// Exit code on failure (usage), 0 when loaded.
int LoadSchema(const SchemaFlags& flags, LoadedSchema& loaded) {
  if (!fs::is_regular_file(flags.schema_file))
    return UsageError(StrCat("cannot read ", flags.schema_file));
  const std::string uri = FileUri(flags.schema_file);
  const boost::json::value* root = loaded.resolver.Resolve(uri);
  if (root == nullptr) {
    spec::Diagnostics ignored;
    auto document = spec::SourceDocument::Read(flags.schema_file, flags.schema_file, {}, ignored);
    return UsageError(
        StrCat(flags.schema_file, ": ",
               document.ok() ? "unreadable" : std::string(document.status().message())));
  }
  if (!flags.dialect.empty()) {
    schema::ParseDialect(flags.dialect, loaded.dialect);
    schema::Dialect implied;
    DialectOf(*root, implied, loaded.openapi);
  } else if (!DialectOf(*root, loaded.dialect, loaded.openapi)) {
    loaded.dialect = schema::Dialect::kDraft202012;
  }
  schema::CompileOptions options;
  options.dialect = loaded.dialect;
  options.base_uri = uri;
  options.resolver = &loaded.resolver;
  // Formats assert for OpenAPI documents and annotate for plain 2020-12 schemas, as
  // that draft says; --formats overrides.
  bool assert_formats = loaded.openapi || loaded.dialect != schema::Dialect::kDraft202012;
  if (!flags.formats.empty()) assert_formats = flags.formats == "assert";
  options.formats = assert_formats ? schema::FormatMode::kAssert : schema::FormatMode::kAnnotate;
  auto compiled = schema::Schema::Compile(*root, flags.pointer, options);
  if (!compiled.ok())
    return UsageError(StrCat(flags.schema_file, ": ", compiled.status().message()));
  for (const std::string& note : compiled->unsupported()) {
    std::fprintf(stderr, "%s %s\n", Styled("yellow", "note:").c_str(), note.c_str());
  }
  loaded.schema = std::move(*compiled);
  return kExitOk;
}

schema::Direction DirectionOf(const std::string& name) {
  if (name == "request") return schema::Direction::kRequest;
  if (name == "response") return schema::Direction::kResponse;
  return schema::Direction::kAny;
}

void WriteProblems(JsonWriter& w, std::string_view key,
                   const std::vector<schema::Problem>& problems) {
  w.Key(key).BeginArray();
  for (const auto& p : problems) {
    w.BeginObject()
        .Key("instance_path")
        .String(p.instance_path)
        .Key("schema_path")
        .String(p.schema_path);
    w.Key("message").String(p.message).EndObject();
  }
  w.EndArray();
}

// One instance's result: a JSON line, or text for people.
void Report(const SchemaFlags& flags, std::size_t index, const schema::ValidationResult& result,
            std::string_view label) {
  if (flags.format == "json") {
    std::string line;
    JsonWriter w(line);
    w.BeginObject()
        .Key("index")
        .Int(static_cast<std::int64_t>(index))
        .Key("valid")
        .Bool(result.valid);
    WriteProblems(w, "errors", result.errors);
    WriteProblems(w, "warnings", result.warnings);
    w.EndObject();
    std::printf("%s\n", line.c_str());
    return;
  }
  std::printf("%s %s\n", std::string(label).c_str(),
              result.valid ? Styled("green", "valid").c_str() : Styled("red", "invalid").c_str());
  for (const auto& e : result.errors) {
    std::printf("  %s %s\n", Styled("red", "error").c_str(), e.message.c_str());
    std::printf("        %s\n",
                Styled("dim", StrCat("at ", e.instance_path.empty() ? "(root)" : e.instance_path,
                                     ", rule ", e.schema_path))
                    .c_str());
  }
  for (const auto& w : result.warnings)
    std::printf("  %s %s\n", Styled("yellow", "warning").c_str(), w.message.c_str());
}

schema::ValidationResult NotJson(std::size_t line, const absl::Status& status) {
  schema::ValidationResult result;
  result.valid = false;
  result.errors.push_back({"", "", StrCat("line ", line + 1, " is not JSON: ", status.message())});
  return result;
}

int RunValidate(const SchemaFlags& flags) {
  if (flags.instance_file.empty() == flags.instances_file.empty()) {
    return UsageError("give one INSTANCE_FILE or --instances FILE.jsonl");
  }
  LoadedSchema loaded;
  if (int code = LoadSchema(flags, loaded); code != kExitOk) return code;
  const schema::ValidateOptions options{.direction = DirectionOf(flags.direction),
                                        .all_errors = true};
  bool all_valid = true;
  if (!flags.instance_file.empty()) {
    std::string text;
    if (flags.instance_file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      std::ifstream in(flags.instance_file, std::ios::binary);
      if (!in) return UsageError(StrCat("cannot read ", flags.instance_file));
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto instance = ParseJson(text);
    if (!instance.ok())
      return UsageError(StrCat(flags.instance_file, ": ", instance.status().message()));
    auto result = loaded.schema->Validate(*instance, options);
    Report(flags, 0, result, flags.instance_file);
    return result.valid ? kExitOk : kExitProblems;
  }
  std::ifstream in(flags.instances_file, std::ios::binary);
  if (!in) return UsageError(StrCat("cannot read ", flags.instances_file));
  std::string line;
  std::size_t valid = 0, invalid = 0;
  for (std::size_t index = 0; std::getline(in, line); ++index) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto instance = ParseJson(line);
    auto result = instance.ok() ? loaded.schema->Validate(*instance, options)
                                : NotJson(index, instance.status());
    (result.valid ? valid : invalid)++;
    all_valid = all_valid && result.valid;
    Report(flags, index, result, StrCat("line ", index + 1));
  }
  if (flags.format != "json") std::printf("%zu valid, %zu invalid\n", valid, invalid);
  return all_valid ? kExitOk : kExitProblems;
}

int RunSample(const SchemaFlags& flags) {
  LoadedSchema loaded;
  if (int code = LoadSchema(flags, loaded); code != kExitOk) return code;
  schema::GenerateOptions options;
  options.direction = flags.direction.empty() ? (flags.invalid ? schema::Direction::kRequest
                                                               : schema::Direction::kResponse)
                                              : DirectionOf(flags.direction);
  if (flags.invalid) {
    options.seed = flags.seed;
    auto negatives = schema::GenerateInvalid(*loaded.schema, options);
    if (!negatives.ok()) return UsageError(negatives.status());
    int written = 0;
    for (const auto& negative : *negatives) {
      if (written++ >= flags.count) break;
      std::string line;
      JsonWriter w(line);
      w.BeginObject()
          .Key("keyword")
          .String(negative.keyword)
          .Key("instance_path")
          .String(negative.instance_path);
      w.Key("schema_path")
          .String(negative.schema_path)
          .Key("description")
          .String(negative.description);
      w.Key("instance").Value(&negative.value).EndObject();
      std::printf("%s\n", line.c_str());
    }
    return kExitOk;
  }
  for (int i = 0; i < flags.count; ++i) {
    options.seed = flags.seed + static_cast<std::uint64_t>(i);
    auto made = schema::GenerateValid(*loaded.schema, options);
    if (!made.ok()) return UsageError(made.status());
    if (!made->verified) {
      std::fprintf(stderr,
                   "%s instance %d is not verified: a pattern on the way cannot be checked\n",
                   Styled("yellow", "note:").c_str(), i);
    }
    std::printf("%s\n", boost::json::serialize(made->value).c_str());
  }
  return kExitOk;
}

void AddSchemaFlags(CLI::App* command, SchemaFlags& flags) {
  command
      ->add_option("--schema", flags.schema_file,
                   "JSON Schema, or a whole OpenAPI/Swagger document (JSON or YAML)")
      ->required();
  command->add_option("--pointer", flags.pointer,
                      "JSON Pointer of the schema inside the file, e.g. /components/schemas/Pet");
  command
      ->add_option("--dialect", flags.dialect,
                   "openapi-3.0, draft4 or 2020-12 (default: from the document or its $schema)")
      ->check(CLI::IsMember({"openapi-3.0", "draft4", "2020-12"}));
  command
      ->add_option(
          "--formats", flags.formats,
          "assert or annotate (default: assert for OpenAPI documents, annotate for 2020-12)")
      ->check(CLI::IsMember({"assert", "annotate"}));
}

}  // namespace

void AddSchemaCommand(CLI::App& root, Action& action) {
  CLI::App* schema =
      root.add_subcommand("schema", "Validate JSON against a schema, or make sample data");
  schema->require_subcommand(1);
  schema->footer(
      "\nExamples:\n"
      "  icopilot schema validate --schema openapi.yaml --pointer /components/schemas/Order "
      "order.json\n"
      "  icopilot schema validate --schema event.schema.json --instances events.jsonl --format "
      "json\n"
      "  icopilot schema sample --schema openapi.yaml --pointer /components/schemas/Order --count "
      "3\n"
      "  icopilot schema sample --schema openapi.yaml --pointer /components/schemas/Order "
      "--invalid");

  auto validate_flags = std::make_shared<SchemaFlags>();
  CLI::App* validate = schema->add_subcommand("validate", "Check JSON instances against a schema");
  AddSchemaFlags(validate, *validate_flags);
  validate->add_option("INSTANCE_FILE", validate_flags->instance_file,
                       "One JSON instance ('-' for stdin)");
  validate->add_option("--instances", validate_flags->instances_file,
                       "Newline-delimited JSON, one instance per line");
  validate
      ->add_option("--direction", validate_flags->direction,
                   "request (readOnly not required) or response (writeOnly not required)")
      ->check(CLI::IsMember({"request", "response"}));
  validate
      ->add_option("--format", validate_flags->format,
                   "Output: text, or json (one line per instance)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  validate->footer("\nExit codes: 0 all valid, 1 any invalid, 2 bad schema, file or usage.");
  validate->callback([validate_flags, &action] {
    action = [validate_flags] { return RunValidate(*validate_flags); };
  });

  auto sample_flags = std::make_shared<SchemaFlags>();
  CLI::App* sample = schema->add_subcommand(
      "sample",
      "Realistic valid instances (JSON lines), or invalid ones labelled with the rule they break");
  AddSchemaFlags(sample, *sample_flags);
  sample->add_option("--seed", sample_flags->seed, "Same seed, same output")->capture_default_str();
  sample->add_option("--count", sample_flags->count, "How many instances (at most, with --invalid)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  sample->add_flag("--invalid", sample_flags->invalid,
                   "Instances that each break one constraint, labelled with keyword and location");
  sample
      ->add_option("--direction", sample_flags->direction,
                   "request or response (default: response for valid, request for --invalid)")
      ->check(CLI::IsMember({"request", "response"}));
  sample->footer("\nExit codes: 0 written, 2 bad schema, unsatisfiable schema or usage.");
  sample->callback(
      [sample_flags, &action] { action = [sample_flags] { return RunSample(*sample_flags); }; });
}

}  // namespace icopilot::cli
