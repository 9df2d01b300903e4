// A request as the playground sends it and a saved case keeps it ({"path", "query",
// "headers", "body"}), from a partner: read, checked, assembled for an operation with a
// path parameter and exported to Postman. What passes the header check must assemble
// into a request line without spaces or line breaks, its path values must read back
// unchanged from the end of the path, and the export must finish.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "contract/postman.h"
#include "contract/request_fields.h"
#include "core/json.h"
#include "services/request_parts.h"
#include "spec/load.h"

namespace {

constexpr std::string_view kSpec = R"(openapi: 3.0.3
info: {title: Refunds, version: '1'}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /payments/{payment_id}/refunds:
    post:
      operationId: refund
      parameters:
        - {name: payment_id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {amount: {type: integer}}}
      responses: {'201': {description: made}}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icopilot;
  static const spec::LoadedSpec loaded = spec::LoadSpecText("refunds.yaml", std::string(kSpec));
  static const contract::SpecSchemas schemas(loaded);
  const spec::Operation& operation = loaded.spec->operations.front();

  auto json = ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json.ok() || !json->is_object()) return 0;
  auto parts = services::RequestPartsFromJson(json->as_object());
  if (!parts.ok()) return 0;
  // What is kept reads back as it was.
  auto again = services::RequestPartsFromJson(services::RequestPartsToJson(*parts));
  if (!again.ok() || again->body != parts->body || again->headers.size() != parts->headers.size())
    std::abort();
  if (!services::CheckHeaders(*parts).ok()) return 0;

  net::Request request = services::AssembleUnderServer(*loaded.spec, operation, *parts);
  if (request.target.find_first_of(std::string_view(" \r\n\0#", 5)) != std::string::npos)
    std::abort();  // a value broke out of the request line
  std::string value;
  for (const auto& [name, given] : parts->path)
    if (name == "payment_id" && !given.empty() && value.empty()) value = given;
  if (!value.empty()) {
    auto read = contract::PathParamsFromTail(operation, request.path);
    if (read.size() != 1 || read.front().second != value) std::abort();
  }

  contract::PostmanCase saved;
  saved.name = "fuzzed";
  saved.operation = &operation;
  saved.request = services::Assemble(operation, *parts);
  saved.fields.emplace_back("/a~1b", boost::json::value(parts->body));
  (void)boost::json::serialize(contract::PostmanCollection(loaded, schemas, {saved}));
  return 0;
}
