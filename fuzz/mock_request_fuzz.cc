// The mock's handling of hostile requests: the input is split by NUL bytes into method,
// target, a header block ("name: value" lines) and a body, sent to a mock of a small spec
// with parameters of each kind, JSON, form and multipart bodies, stateful collections and
// Idempotency-Keys. Must answer, never crash or hang; and never with a 5xx (chaos is off)
// but 507 when the mock's state is full.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "mock/mock_engine.h"

namespace {

constexpr std::string_view kSpec = R"({"openapi": "3.0.3", "info": {"title": "f", "version": "1"},
  "servers": [{"url": "/api"}],
  "paths": {"/items": {
    "get": {"parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}},
                           {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object",
              "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}, "next_cursor": {"type": "string", "nullable": true}}}}}}}},
    "post": {"parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}],
             "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}},
               "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Item"}},
               "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Item"}}}},
             "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}}},
    "/items/{id}": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "get": {"parameters": [{"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}}},
                           {"name": "X-Trace", "in": "header", "schema": {"type": "string", "format": "uuid"}},
                           {"name": "session", "in": "cookie", "schema": {"type": "string", "maxLength": 8}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                          "404": {"description": "no", "content": {"application/json": {"schema": {"type": "object"}}}}}},
    "patch": {"requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}}},
              "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}},
    "delete": {"responses": {"204": {"description": "gone"}}},
    "put": {"requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
            "responses": {"200": {"description": "ok"}, "422": {"description": "bad", "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}}}}}},
  "components": {"schemas": {"Item": {"type": "object", "required": ["name"], "properties": {
    "id": {"type": "integer", "readOnly": true}, "name": {"type": "string", "minLength": 1}, "price": {"type": "number", "multipleOf": 0.01},
    "parts": {"type": "array", "uniqueItems": true, "items": {"$ref": "#/components/schemas/Item"}}}}}}})";

const icopilot::mock::MockEngine& Engine() {
  static auto* engine = [] {
    auto loaded = std::make_shared<icopilot::spec::LoadedSpec>(
        icopilot::spec::LoadSpecText("f.json", std::string(kSpec)));
    if (!loaded->spec) std::abort();
    icopilot::mock::MockOptions options;
    options.stateful = true;
    // A small state, so the fuzzer also reaches the limit (507, the one 5xx allowed).
    return new icopilot::mock::MockEngine(
        loaded, options, nullptr,
        std::make_shared<icopilot::mock::MockState>(
            icopilot::mock::StateLimits{.max_resources = 64, .max_idempotency_keys = 64}));
  }();
  return *engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view parts[4];
  for (int i = 0; i < 3; ++i) {
    std::size_t nul = input.find('\0');
    parts[i] = input.substr(0, nul);
    input = nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
  }
  parts[3] = input;
  icopilot::net::Request request;
  request.method = std::string(parts[0].empty() ? "GET" : parts[0]);
  request.target = std::string(parts[1]);
  std::size_t q = request.target.find('?');
  request.path = request.target.substr(0, q);
  request.query = q == std::string::npos ? "" : request.target.substr(q + 1);
  std::string_view headers = parts[2];
  while (!headers.empty()) {
    std::size_t end = headers.find('\n');
    std::string_view line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 1);
    std::size_t colon = line.find(':');
    if (colon != std::string_view::npos)
      request.headers.Add(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
  }
  request.body = std::string(parts[3]);
  auto result = Engine().Handle(request);
  if (result.response.status >= 500 && result.response.status != 507) std::abort();
  return 0;
}
