#include "spec/normalize.h"

#include <gtest/gtest.h>

#include "core/strings.h"
#include "spec/load.h"

namespace icopilot::spec {
namespace {

const std::filesystem::path kFixtures = ICOPILOT_SPEC_FIXTURES;

const Operation* Find(const Spec& spec, std::string_view id) {
  for (const auto& op : spec.operations) {
    if (op.operation_id == id) return &op;
  }
  return nullptr;
}

const Parameter* FindParameter(const Operation& op, std::string_view name) {
  for (const auto& p : op.parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

TEST(Normalize, ReadsOpenApi3Operations) {
  LoadedSpec loaded = LoadSpec(kFixtures / "petstore.yaml");
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  const Spec& spec = *loaded.spec;
  EXPECT_EQ(spec.input_version, "3.0.3");
  EXPECT_EQ(spec.title, "Petstore");
  ASSERT_EQ(spec.operations.size(), 3u);
  const Operation* list = Find(spec, "listPets");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->method, Method::kGet);
  EXPECT_EQ(list->path, "/pets");
  const Parameter* cursor = FindParameter(*list, "cursor");
  ASSERT_NE(cursor, nullptr);
  EXPECT_EQ(cursor->style, "form");
  EXPECT_TRUE(cursor->explode);
  ASSERT_EQ(list->responses.size(), 2u);
  EXPECT_EQ(list->responses[0].content[0].schema->at("items").at("$ref").as_string(),
            "#/components/schemas/Pet")
      << "schemas keep their $ref";
  EXPECT_EQ(list->responses[1].headers[0].name, "Retry-After");
  const Operation* create = Find(spec, "post_pets");
  ASSERT_NE(create, nullptr);
  EXPECT_TRUE(create->operation_id_synthesized);
  ASSERT_TRUE(create->request_body.has_value());
  EXPECT_TRUE(create->request_body->required);
  EXPECT_EQ(create->responses[1].status, "default");
  EXPECT_EQ(create->responses[1].description, "error") << "response $ref followed";
  ASSERT_EQ(spec.security.size(), 1u);
  EXPECT_EQ(spec.security[0][0].first, "bearer");
}

TEST(Normalize, PlacesEveryDiagnostic) {
  LoadedSpec loaded = LoadSpec(kFixtures / "petstore.yaml");
  ASSERT_EQ(loaded.diagnostics.items().size(), 2u);
  for (const auto& d : loaded.diagnostics.items()) {
    EXPECT_GT(d.line, 0) << d.rule;
    EXPECT_TRUE(d.file.ends_with("petstore.yaml"));
  }
  const Diagnostic& missing = loaded.diagnostics.items()[0];
  EXPECT_EQ(missing.rule, "unresolved-ref");
  EXPECT_EQ(missing.line, 54);
  EXPECT_EQ(missing.column, 17);
}

TEST(Normalize, ConvertsSwagger2) {
  LoadedSpec loaded = LoadSpec(kFixtures / "swagger2.json");
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  const Spec& spec = *loaded.spec;
  EXPECT_EQ(spec.input_version, "2.0");
  EXPECT_EQ(spec.servers, (std::vector<std::string>{"https://api.legacy.example/v1",
                                                    "http://api.legacy.example/v1"}));
  ASSERT_TRUE(spec.schemas && spec.schemas->contains("Payment"));
  EXPECT_EQ(
      spec.schemas->at("Payment").at("properties").at("refunds").at("items").at("$ref").as_string(),
      "#/components/schemas/Payment");

  const Operation* list = Find(spec, "listPayments");
  ASSERT_NE(list, nullptr);
  const Parameter* page_size = FindParameter(*list, "page_size");
  ASSERT_NE(page_size, nullptr) << "parameter $ref resolved";
  EXPECT_EQ(page_size->schema->at("maximum").as_int64(), 100);
  const Parameter* status = FindParameter(*list, "status");
  EXPECT_EQ(status->style, "form");
  EXPECT_TRUE(status->explode);
  EXPECT_EQ(status->schema->at("items").at("type").as_string(), "string");
  EXPECT_EQ(list->responses[0].content[0].examples.size(), 1u);

  const Operation* create = Find(spec, "createPayment");
  ASSERT_TRUE(create->request_body.has_value());
  EXPECT_TRUE(create->request_body->required);
  EXPECT_EQ(create->request_body->content[0].media_type, "application/json");
  EXPECT_EQ(create->request_body->content[0].schema->at("$ref").as_string(),
            "#/components/schemas/Payment");
  EXPECT_TRUE(create->security_declared);
  EXPECT_EQ(create->security[0][0].second, std::vector<std::string>{"payments:write"});

  const Operation* upload = Find(spec, "post_receipts");
  ASSERT_NE(upload, nullptr);
  ASSERT_TRUE(upload->request_body.has_value());
  const MediaType& form = upload->request_body->content[0];
  EXPECT_EQ(form.media_type, "multipart/form-data");
  EXPECT_EQ(form.schema->at("properties").at("file").at("format").as_string(), "binary");
  EXPECT_EQ(form.schema->at("required").as_array().size(), 1u);

  ASSERT_EQ(spec.security_schemes.size(), 3u);
  for (const auto& scheme : spec.security_schemes) {
    if (scheme.name == "oauth") {
      EXPECT_EQ(scheme.flows[0].flow, "clientCredentials");
      EXPECT_EQ(scheme.flows[0].scopes.size(), 2u);
    }
    if (scheme.name == "basic") {
      EXPECT_EQ(scheme.scheme, "basic");
    }
  }
}

TEST(Normalize, FollowsRefsAcrossFilesIncludingPathItems) {
  LoadedSpec loaded = LoadSpec(kFixtures / "multi/openapi.yaml");
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  EXPECT_TRUE(loaded.diagnostics.items().empty()) << loaded.diagnostics.items()[0].message;
  const Spec& spec = *loaded.spec;
  EXPECT_EQ(spec.input_version, "3.1.0");
  ASSERT_EQ(spec.operations.size(), 3u);
  const Operation* get = Find(spec, "getOrder");
  ASSERT_NE(get, nullptr);
  ASSERT_NE(FindParameter(*get, "id"), nullptr)
      << "path-level parameter from the referenced path item";
  ASSERT_EQ(spec.webhooks.size(), 1u);
  EXPECT_EQ(spec.webhooks[0].path, "orderShipped");
}

TEST(Normalize, SloppySpecsLoadWithWarnings) {
  LoadedSpec loaded = LoadSpecText("sloppy.yaml", R"(openapi: 3.0.0
paths:
  /a/{id}:
    get:
      operationId: same
      parameters:
        - {name: other, in: path, schema: {type: string}}
  /b:
    get: {operationId: same, responses: {'200': {description: ok}}}
    put: "not an operation"
)");
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  std::vector<std::string> rules;
  for (const auto& d : loaded.diagnostics.items()) {
    EXPECT_EQ(d.severity, Severity::kWarning) << d.rule;
    rules.push_back(d.rule);
  }
  for (const char* expected :
       {"missing-info", "invalid-operation", "path-parameter-optional", "path-parameter-unused",
        "path-parameter-undeclared", "no-responses", "duplicate-operation-id"}) {
    EXPECT_NE(std::find(rules.begin(), rules.end(), expected), rules.end()) << expected;
  }
  EXPECT_EQ(loaded.spec->operations[1].operation_id, "same_2");
}

// The model's closed sets are parsed once: a value outside them is named in a warning,
// never carried on as a string that every reader must recheck.
TEST(Normalize, ValuesOutsideTheClosedSetsAreWarnedAbout) {
  LoadedSpec loaded = LoadSpecText("sets.yaml", R"(openapi: 3.0.3
info: {title: sets, version: '1'}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    typo: {type: apikey, in: header, name: X-Other}
paths:
  /things:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: raw, in: querystring, schema: {type: string}}
      responses: {'200': {description: ok}}
)");
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  const Operation& op = loaded.spec->operations.at(0);
  EXPECT_EQ(op.method, Method::kGet);
  ASSERT_EQ(op.parameters.size(), 1u) << "the parameter in 'querystring' is left out";
  EXPECT_EQ(op.parameters[0].in, ParameterIn::kQuery);
  ASSERT_EQ(loaded.spec->security_schemes.size(), 2u) << "a misspelt scheme is kept";
  EXPECT_EQ(loaded.spec->security_schemes[0].type, SchemeType::kApiKey);
  EXPECT_EQ(loaded.spec->security_schemes[0].in, ParameterIn::kHeader);
  EXPECT_EQ(loaded.spec->security_schemes[1].type, SchemeType::kUnknown);
  std::string messages;
  for (const auto& d : loaded.diagnostics.items())
    messages += StrCat(d.rule, ": ", d.message, "\n");
  EXPECT_NE(messages.find("invalid-parameter: parameter 'raw' is in 'querystring'"),
            std::string::npos)
      << messages;
  EXPECT_NE(messages.find("unknown-security-scheme-type: security scheme 'typo' has type 'apikey'"),
            std::string::npos)
      << messages;
}

TEST(Model, MethodsAndLocationsReadBothWays) {
  for (Method method : kMethods) {
    EXPECT_EQ(ParseMethod(MethodName(method)), method);
    EXPECT_EQ(ParseMethod(MethodToken(method)), method);
  }
  EXPECT_EQ(ParseMethod("connect"), std::nullopt);
  EXPECT_TRUE(IsSafe(Method::kHead));
  EXPECT_FALSE(IsSafe(Method::kPatch));
  EXPECT_EQ(ParseLocation("cookie"), ParameterIn::kCookie);
  EXPECT_EQ(ParseLocation("Cookie"), std::nullopt) << "OpenAPI's locations are case-sensitive";
  EXPECT_EQ(ParseSchemeType("mutualTLS"), SchemeType::kMutualTls);
  EXPECT_EQ(ParseSchemeType("basic"), SchemeType::kUnknown);
}

TEST(Normalize, WhatIsNotOpenApiIsUnusable) {
  for (const char* text : {"[1, 2]", "{\"info\": {}}", "openapi: 4.0.0\n", "just a string"}) {
    LoadedSpec loaded = LoadSpecText("x", text);
    EXPECT_FALSE(loaded.spec.has_value()) << text;
    EXPECT_FALSE(loaded.unusable_reason.empty());
    EXPECT_TRUE(loaded.diagnostics.has_errors());
  }
}

// A document that does not parse says where, in the diagnostic's own fields.
TEST(Normalize, AParseErrorIsPlacedAtItsLine) {
  LoadedSpec loaded = LoadSpecText("broken.yaml", "openapi: 3.0.3\npaths:\n  /a: [\n");
  ASSERT_FALSE(loaded.spec.has_value());
  ASSERT_FALSE(loaded.diagnostics.items().empty());
  const Diagnostic& d = loaded.diagnostics.items().front();
  EXPECT_EQ(d.rule, "unparsable");
  EXPECT_GT(d.line, 2) << d.message;
  EXPECT_GT(d.column, 0) << d.message;
  EXPECT_EQ(d.message.find("line "), std::string::npos)
      << "the place is in the fields: " << d.message;
  EXPECT_NE(loaded.unusable_reason.find(StrCat("line ", d.line, ", column ", d.column)),
            std::string::npos)
      << loaded.unusable_reason;
}

// Specs with many path items are read on two threads (openapi3_reader.cc): operations and
// diagnostics must still come in document order, each $ref followed by either half.
TEST(Normalize, ManyPathItemsComeOutInDocumentOrder) {
  constexpr int kPaths = 300;
  std::string text = R"({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
    "components": {"parameters": {"Id": {"name": "id", "in": "path", "required": true,
                                         "schema": {"type": "string"}}}},
    "paths": {)";
  for (int i = 0; i < kPaths; ++i) {
    // Every path item warns once (its path parameter is not required) and uses the
    // shared parameter, and every other one has a second method.
    std::string n = std::to_string(i);
    text += (i ? "," : "") + std::string("\"/p") + n + "/{id}/{x}\": {" +
            R"("parameters": [{"$ref": "#/components/parameters/Id"},
                              {"name": "x", "in": "path", "schema": {"type": "string"}}],
               "get": {"operationId": "get)" +
            n + R"(", "responses": {"200": {"description": "ok"}}})" +
            (i % 2 ? R"(, "post": {"operationId": "post)" + n +
                         R"(", "responses": {"201": {"description": "made"}}})"
                   : "") +
            "}";
  }
  text += "}}";
  LoadedSpec loaded = LoadSpecText("many.json", text);
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  std::vector<std::string> ids;
  std::vector<std::string> expected_ids;
  for (int i = 0; i < kPaths; ++i) {
    expected_ids.push_back("get" + std::to_string(i));
    if (i % 2) expected_ids.push_back("post" + std::to_string(i));
  }
  for (const auto& op : loaded.spec->operations) {
    ids.push_back(op.operation_id);
    ASSERT_EQ(op.parameters.size(), 2u) << op.operation_id;
    EXPECT_EQ(op.parameters[0].name, "id");
  }
  EXPECT_EQ(ids, expected_ids);
  std::vector<std::string> warned;
  for (const auto& d : loaded.diagnostics.items()) {
    if (d.rule == "path-parameter-optional") warned.push_back(d.pointer);
  }
  ASSERT_EQ(warned.size(), static_cast<std::size_t>(kPaths));
  for (int i = 0; i < kPaths; ++i) {
    EXPECT_EQ(warned[i], "/paths/~1p" + std::to_string(i) + "~1{id}~1{x}/parameters/1");
  }
}

}  // namespace
}  // namespace icopilot::spec
