// The schema engine's side of bench/schema_validate.sh.
//   schema_bench prepare OPENAPI.json OUT.tsv   one valid and one invalid instance per
//                                               component schema: "pointer<TAB>json"
//   schema_bench validate OPENAPI.json IN.tsv REPS   parse + validate every line REPS
//                                               times (first error, as ajv's default);
//                                               prints "validations/s valid_count"
//   schema_bench generate REPS                 valid instances/s for a small object schema
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "schema/generator.h"
#include "schema/schema.h"

namespace {

using icopilot::schema::Schema;

std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

icopilot::schema::CompileOptions OpenApiOptions() {
  icopilot::schema::CompileOptions options;
  options.dialect = icopilot::schema::Dialect::kOpenApi30;
  return options;
}

std::string Pointer(std::string_view name) {
  std::string out = "/components/schemas/";
  for (char c : name)
    out += c == '/' ? std::string("~1") : c == '~' ? std::string("~0") : std::string(1, c);
  return out;
}

int Prepare(const char* spec_path, const char* out_path) {
  auto document = icopilot::ParseJson(ReadFile(spec_path), {.max_depth = 1000});
  if (!document.ok()) return 2;
  std::ofstream out(out_path);
  int lines = 0;
  for (const auto& member : document->at("components").at("schemas").as_object()) {
    std::string pointer = Pointer(std::string(member.key()));
    auto schema = Schema::Compile(*document, pointer, OpenApiOptions());
    if (!schema.ok()) continue;
    auto valid = icopilot::schema::GenerateValid(*schema, {.seed = 1});
    if (!valid.ok()) continue;
    out << pointer << '\t' << boost::json::serialize(valid->value) << '\n';
    auto invalid = icopilot::schema::GenerateInvalid(
        *schema, {.seed = 1, .direction = icopilot::schema::Direction::kAny});
    if (invalid.ok() && !invalid->empty()) {
      out << pointer << '\t' << boost::json::serialize(invalid->front().value) << '\n';
      ++lines;
    }
    ++lines;
  }
  std::fprintf(stderr, "prepared %d instances\n", lines);
  return 0;
}

int Validate(const char* spec_path, const char* tsv_path, int reps) {
  auto document = icopilot::ParseJson(ReadFile(spec_path), {.max_depth = 1000});
  if (!document.ok()) return 2;
  std::vector<std::pair<std::string, std::string>> lines;
  std::istringstream in(ReadFile(tsv_path));
  for (std::string line; std::getline(in, line);) {
    auto tab = line.find('\t');
    lines.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  std::map<std::string, Schema> compiled;
  for (const auto& [pointer, text] : lines) {
    if (compiled.contains(pointer)) continue;
    auto schema = Schema::Compile(*document, pointer, OpenApiOptions());
    if (schema.ok()) compiled.emplace(pointer, std::move(*schema));
  }
  std::vector<const Schema*> schemas;
  for (const auto& [pointer, text] : lines) schemas.push_back(&compiled.at(pointer));
  std::size_t valid = 0;
  auto started = std::chrono::steady_clock::now();
  for (int rep = 0; rep < reps; ++rep) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      auto instance = icopilot::ParseJson(lines[i].second);
      if (!instance.ok()) continue;
      if (schemas[i]->Validate(*instance, {.all_errors = false}).valid && rep == 0) ++valid;
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%.0f %zu\n", static_cast<double>(lines.size()) * reps / seconds, valid);
  return 0;
}

int Generate(int reps) {
  auto document =
      icopilot::ParseJson(R"({"type": "object", "required": ["id", "email", "amount", "currency"],
    "properties": {"id": {"type": "string", "format": "uuid"}, "email": {"type": "string", "format": "email"},
      "amount": {"type": "number", "minimum": 0}, "currency": {"type": "string", "enum": ["EUR", "USD"]},
      "created_at": {"type": "string", "format": "date-time"}}})");
  auto schema = Schema::Compile(*document, "", {});
  if (!schema.ok()) return 2;
  auto started = std::chrono::steady_clock::now();
  std::size_t made = 0;
  for (int i = 0; i < reps; ++i) {
    auto value = icopilot::schema::GenerateValid(*schema, {.seed = static_cast<std::uint64_t>(i)});
    made += value.ok();
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%.0f %zu\n", static_cast<double>(reps) / seconds, made);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "prepare" && argc == 4) return Prepare(argv[2], argv[3]);
  if (mode == "validate" && argc == 5) return Validate(argv[2], argv[3], std::atoi(argv[4]));
  if (mode == "generate" && argc == 3) return Generate(std::atoi(argv[2]));
  std::fprintf(stderr, "usage: schema_bench prepare|validate|generate ...\n");
  return 2;
}
