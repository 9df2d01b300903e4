// The spec, contract and redactor the trace fuzz targets (har, ingest) check against.
#pragma once

#include "contract/operation_index.h"
#include "contract/spec_schemas.h"
#include "spec/load.h"
#include "traces/har.h"
#include "traces/redaction.h"

namespace fuzzing {

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
  icopilot::traces::Redactor redactor =
      *icopilot::traces::Redactor::Create({.secret_fields = {"pin"},
                                           .patterns = {{"ref", "REF-[0-9]{4}"}},
                                           .pointers = {"/items/*/name", "/id"}});
};

inline icopilot::traces::ContractContext Contract(const Fixture& fixture) {
  return {&*fixture.loaded.spec, &fixture.index, &fixture.schemas, &fixture.pii};
}

}  // namespace fuzzing
