// What the golden runner reads from an API under test: the input is a header value, a
// NUL, then a body. The value is read as Retry-After and as a Location; the body as the
// id a create names and as an answer checked against a documented response (status,
// headers, Content-Type, JSON schema). Must give a result, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "contract/response_check.h"
#include "contract/spec_schemas.h"
#include "golden/fixtures.h"
#include "golden/session.h"
#include "spec/load.h"

namespace {

constexpr char kSpec[] = R"(
openapi: 3.1.0
info: {title: Fuzz, version: '1'}
paths:
  /orders:
    post:
      responses:
        '201':
          description: created
          headers:
            Location: {required: true, schema: {type: string}}
            X-Count: {schema: {type: integer, minimum: 0}}
          content:
            application/json:
              schema:
                type: object
                required: [id]
                properties:
                  id: {type: [string, integer]}
                  items: {type: array, items: {$ref: '#/components/schemas/Item'}}
        default:
          description: problem
          content: {application/problem+json: {schema: {type: object}}}
components:
  schemas:
    Item: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Item'}}}}
)";

struct Fixture {
  icopilot::spec::LoadedSpec loaded = icopilot::spec::LoadSpecText("fuzz.yaml", kSpec);
  std::unique_ptr<icopilot::contract::SpecSchemas> schemas =
      std::make_unique<icopilot::contract::SpecSchemas>(loaded);
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nul = input.find('\0');
  std::string_view value = input.substr(0, nul);
  std::string_view body =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
  (void)icopilot::golden::ParseRetryAfter(value, 1'800'000'000);
  (void)icopilot::golden::CreatedId("orderId", body, value);
  icopilot::net::Headers headers;
  headers.Set("content-type", std::string(value.substr(0, 64)));
  headers.Set("x-count", std::string(value));
  const int status = size > 0 && (data[0] & 1) ? 201 : 400;
  (void)icopilot::contract::CheckResponse(*fixture.schemas, fixture.loaded.spec->operations.at(0),
                                          status, headers, body);
  return 0;
}
