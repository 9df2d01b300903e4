// HAR files as users upload them: read, then each exchange checked against a small spec
// and redacted into a trace. Must end with traces or an error, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "contract/operation_index.h"
#include "contract/spec_schemas.h"
#include "spec/load.h"
#include "traces/har.h"

namespace {

constexpr char kSpec[] = R"(
openapi: 3.1.0
info: {title: Fuzz, version: '1'}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /orders/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}},
                   {name: q, in: query, schema: {type: string, maxLength: 5}}]
      responses:
        '200':
          description: one
          content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: integer}, email: {type: string, format: email}, pin: {type: string, format: password}}}}}
)";

struct Fixture {
  icopilot::spec::LoadedSpec loaded = icopilot::spec::LoadSpecText("fuzz.yaml", kSpec);
  icopilot::contract::OperationIndex index{*loaded.spec};
  icopilot::contract::SpecSchemas schemas{loaded};
  icopilot::traces::PiiFields pii{*loaded.spec};
  icopilot::traces::Redactor redactor = *icopilot::traces::Redactor::Create(
      {.secret_fields = {"pin"}, .patterns = {{"ref", "REF-[0-9]{4}"}}});
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  auto har = icopilot::traces::ReadHar(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!har.ok()) return 0;
  for (const auto& exchange : har->exchanges) {
    auto trace = icopilot::traces::ToTrace(
        exchange, {&*fixture.loaded.spec, &fixture.index, &fixture.schemas, &fixture.pii},
        fixture.redactor);
    (void)boost::json::serialize(icopilot::traces::TraceJson(trace));
  }
  return 0;
}
