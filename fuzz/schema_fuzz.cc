// The schema compiler and validator on hostile input: the input is a schema and an
// instance separated by a NUL byte (without one, the input is both). Each dialect
// compiles it; compiled schemas validate the instance in both error modes and feed both
// generators. Must return, never crash, hang or overflow the stack.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json.h"
#include "schema/generator.h"
#include "schema/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t split = input.find('\0');
  std::string_view schema_text = split == std::string_view::npos ? input : input.substr(0, split);
  std::string_view instance_text =
      split == std::string_view::npos ? input : input.substr(split + 1);
  auto schema_json = icopilot::ParseJson(schema_text);
  auto instance = icopilot::ParseJson(instance_text);
  if (!schema_json.ok() || !instance.ok()) return 0;
  using icopilot::schema::Dialect;
  for (Dialect dialect : {Dialect::kOpenApi30, Dialect::kDraft4, Dialect::kDraft202012}) {
    icopilot::schema::CompileOptions options;
    options.dialect = dialect;
    auto schema = icopilot::schema::Schema::Compile(*schema_json, "", options);
    if (!schema.ok()) continue;
    (void)schema->Validate(*instance);
    (void)schema->Validate(
        *instance, {.direction = icopilot::schema::Direction::kRequest, .all_errors = false});
  }
  return 0;
}
