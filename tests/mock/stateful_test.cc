// Stateful mocks: collections created, read, changed, deleted and paged through, shaped
// by the response schemas; Idempotency-Keys replayed and conflicts refused.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "mock/mock_config.h"
#include "mock/mock_engine.h"
#include "schema/schema.h"

namespace icopilot::mock {
namespace {

constexpr std::string_view kSpec = R"(
openapi: 3.0.3
info: {title: Pets, version: '1'}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 2}}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Pet'}}
                  has_more: {type: boolean}
                  next_cursor: {type: string, nullable: true}
    post:
      operationId: createPet
      parameters:
        - {name: Idempotency-Key, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: '#/components/schemas/Pet'}}
      responses:
        '201':
          description: created
          content:
            application/json: {schema: {$ref: '#/components/schemas/Pet'}}
        '409':
          description: conflict
          content:
            application/json:
              schema: {type: object, required: [code], properties: {code: {type: string}, message: {type: string}}}
  /pets/{petId}:
    parameters: [{name: petId, in: path, required: true, schema: {type: integer}}]
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Pet'}}
        '404':
          description: missing
          content:
            application/json:
              schema: {type: object, required: [code], properties: {code: {type: string}, message: {type: string}}}
    put:
      operationId: replacePet
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: '#/components/schemas/Pet'}}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Pet'}}
    patch:
      operationId: updatePet
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, properties: {name: {type: string}, tag: {type: string, nullable: true}}}}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Pet'}}
    delete:
      operationId: deletePet
      responses:
        '204': {description: gone}
  /owners/{ownerId}/toys:
    parameters: [{name: ownerId, in: path, required: true, schema: {type: string}}]
    get:
      operationId: listToys
      parameters:
        - {name: page, in: query, schema: {type: integer, minimum: 1}}
        - {name: per_page, in: query, schema: {type: integer}}
        - {name: api-version, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Toy'}}}
    post:
      operationId: createToy
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Toy'}}
      responses:
        '201':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Toy'}}
  /owners/{ownerId}/toys/{toyId}:
    parameters:
      - {name: ownerId, in: path, required: true, schema: {type: string}}
      - {name: toyId, in: path, required: true, schema: {type: string, format: uuid}}
    get:
      operationId: getToy
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Toy'}}
  /notes:
    get:
      operationId: listNotes
      parameters:
        - {name: pageToken, in: query, schema: {type: string}}
        - {name: maxResults, in: query, schema: {type: integer}}
      responses:
        '200':
          description: a page, Google's way
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/Note'}}
                  nextPageToken: {type: string}
                  unreachable: {type: array, items: {type: string}}
    post:
      operationId: createNote
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Note'}}
      responses:
        '200':
          description: made
          content:
            application/json: {schema: {$ref: '#/components/schemas/Note'}}
  /notes/{id}:
    get:
      operationId: getNote
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Note'}}
  /batches/{batchUuid}/transfers:
    parameters: [{name: batchUuid, in: path, required: true, schema: {type: string}}]
    get:
      operationId: listTransfers
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items:
                    allOf:
                      - {$ref: '#/components/schemas/TransferList'}
                      - {description: fire.com and AWS put words beside the reference}
    post:
      operationId: addTransfer
      requestBody:
        content:
          application/json: {schema: {type: object, properties: {amount: {type: integer}}}}
      responses:
        '200':
          description: added
          content:
            application/json:
              schema: {type: object, properties: {transferUuid: {type: string, example: fba4a76a}}}
  /batches/{batchUuid}/transfers/{itemUuid}:
    parameters:
      - {name: batchUuid, in: path, required: true, schema: {type: string}}
      - {name: itemUuid, in: path, required: true, schema: {type: string}}
    delete:
      operationId: removeTransfer
      responses: {'204': {description: gone}}
  /tables:
    get:
      operationId: listTables
      responses:
        '200':
          description: the tables the device holds
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {name: {type: string}, length: {type: integer}}}}
              example: [{name: temps, length: 3}]
  /tables/{tableName}:
    get:
      operationId: readTable
      parameters: [{name: tableName, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: the table's values
          content:
            application/json: {schema: {type: array, items: {type: number}}, example: [1.5, 2.5, 3.5]}
        '404':
          description: no such table
          content:
            application/json:
              schema: {type: object, required: [code], properties: {code: {type: string}, message: {type: string}}}
  /checks:
    post:
      operationId: createCheck
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, required: [Numbers], properties: {Numbers: {type: array, items: {type: string}}}}
      responses:
        '202':
          description: accepted, checked later
          content:
            application/json: {schema: {$ref: '#/components/schemas/Check'}}
  /checks/{sid}:
    parameters: [{name: sid, in: path, required: true, schema: {type: string, pattern: '^KZ[0-9a-f]{8}$'}}]
    get:
      operationId: getCheck
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Check'}}
components:
  schemas:
    TransferList:
      type: array
      items:
        type: object
        properties:
          transferUuid: {type: string, example: fba4a76a}
          amount: {type: integer}
    Note:
      type: object
      properties:
        id: {type: string, readOnly: true}
        text: {type: string}
    Check:
      type: object
      properties:
        sid: {type: string, pattern: '^KZ[0-9a-f]{8}$'}
        numbers: {type: array, items: {type: string}}
        status: {type: string, enum: [in-progress, completed]}
    Pet:
      type: object
      required: [petId, name]
      properties:
        petId: {type: integer, readOnly: true}
        name: {type: string, maxLength: 20}
        tag: {type: string, nullable: true}
        status: {type: string, enum: [available, sold], default: available}
        secret: {type: string, writeOnly: true}
        created_at: {type: string, format: date-time, readOnly: true}
    Toy:
      type: object
      required: [id, kind]
      properties:
        id: {type: string, format: uuid, readOnly: true}
        kind: {type: string}
)";

class FixedClock : public Clock {
 public:
  std::int64_t NowMillis() const override { return now; }
  std::int64_t now = 1'790'000'000'000;
};

class StatefulTest : public ::testing::Test {
 protected:
  StatefulTest() {
    loaded_ =
        std::make_shared<spec::LoadedSpec>(spec::LoadSpecText("pets.yaml", std::string(kSpec)));
    EXPECT_TRUE(loaded_->spec.has_value()) << loaded_->unusable_reason;
    MockOptions options;
    options.stateful = true;
    engine_ = std::make_unique<MockEngine>(loaded_, options, &clock_);
  }

  MockResult Call(std::string method, std::string target, std::string body = "",
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    net::Request request;
    request.method = std::move(method);
    request.target = target;
    auto q = target.find('?');
    request.path = target.substr(0, q);
    request.query = q == std::string::npos ? "" : target.substr(q + 1);
    request.body = std::move(body);
    if (!request.body.empty()) request.headers.Add("content-type", "application/json");
    for (auto& [name, value] : headers) request.headers.Add(name, value);
    return engine_->Handle(request);
  }

  boost::json::value Json(const MockResult& result) {
    return boost::json::parse(result.response.body);
  }

  FixedClock clock_;
  std::shared_ptr<spec::LoadedSpec> loaded_;
  std::unique_ptr<MockEngine> engine_;
};

TEST_F(StatefulTest, CreateThenReadReturnsWhatWasSentWithServerFields) {
  auto created = Call("POST", "/v1/pets", R"({"name": "Rex", "secret": "s3"})");
  ASSERT_EQ(created.response.status, 201) << created.response.body;
  auto pet = Json(created);
  EXPECT_EQ(pet.at("petId"), 1);
  EXPECT_EQ(pet.at("name"), "Rex");
  EXPECT_EQ(pet.at("status"), "available");  // the schema's default
  EXPECT_EQ(pet.at("created_at").as_string(), FormatTimestamp(clock_.now));
  EXPECT_FALSE(pet.as_object().contains("secret"));  // write-only: kept, never shown
  EXPECT_EQ(created.response.headers.Find("location"), "/v1/pets/1");

  auto read = Call("GET", "/v1/pets/1");
  ASSERT_EQ(read.response.status, 200);
  EXPECT_EQ(Json(read), pet);
  auto second = Json(Call("POST", "/v1/pets", R"({"name": "Tom"})"));
  EXPECT_EQ(second.at("petId"), 2);
  EXPECT_EQ(Json(Call("GET", "/v1/pets/2")).at("name"), "Tom");
}

// Twilio creates from form fields and answers 202: what was made is found under its id.
TEST_F(StatefulTest, AResourceCreatedFromAFormBodyIsFoundAfterwards) {
  net::Request request;
  request.method = "POST";
  request.target = request.path = "/v1/checks";
  request.body = "Numbers=%2B16175551212&Numbers=%2B16175551213";
  request.headers.Add("content-type", "application/x-www-form-urlencoded");
  auto created = engine_->Handle(request);
  ASSERT_EQ(created.response.status, 202) << created.response.body;
  const std::string sid(Json(created).at("sid").as_string());
  EXPECT_TRUE(sid.starts_with("KZ")) << sid;
  auto read = Call("GET", StrCat("/v1/checks/", sid));
  ASSERT_EQ(read.response.status, 200) << read.response.body;
  EXPECT_EQ(Json(read).at("sid").as_string(), sid);
  EXPECT_EQ(Call("GET", "/v1/checks/KZ00000000").response.status, 404);
}

// A `nextPageToken` that may not be null is left out on the last page, as Google does,
// rather than made up (a made-up token was then refused as one the mock never gave). The
// items are the array of objects, not Google's `unreachable` list of strings beside it.
TEST_F(StatefulTest, TheLastPageOmitsANextTokenThatCannotBeNull) {
  for (std::string text : {"a", "b", "c"})
    ASSERT_EQ(Call("POST", "/v1/notes", StrCat(R"({"text": ")", text, R"("})")).response.status,
              200);
  auto first = Json(Call("GET", "/v1/notes?maxResults=2"));
  EXPECT_EQ(first.at("items").as_array().size(), 2u);
  const std::string token(first.at("nextPageToken").as_string());
  auto last = Call("GET", StrCat("/v1/notes?maxResults=2&pageToken=", token));
  ASSERT_EQ(last.response.status, 200) << last.response.body;
  EXPECT_EQ(Json(last).at("items").as_array().size(), 1u);
  EXPECT_FALSE(Json(last).as_object().contains("nextPageToken")) << last.response.body;
  auto whole = Json(Call("GET", "/v1/notes?maxResults=10"));
  EXPECT_EQ(whole.at("items").as_array().size(), 3u);
  EXPECT_FALSE(whole.as_object().contains("nextPageToken")) << whole;
}

// The id property is the one named like an id (`transferUuid` for `{itemUuid}`), and the
// list is found behind `allOf`: two transfers are listed as two, not one example twice.
TEST_F(StatefulTest, ItemsAreToldApartByTheirIdLikePropertyInAListBehindAllOf) {
  auto a = Json(Call("POST", "/v1/batches/b1/transfers", R"({"amount": 5})"));
  auto b = Json(Call("POST", "/v1/batches/b1/transfers", R"({"amount": 7})"));
  EXPECT_NE(a.at("transferUuid"), b.at("transferUuid"));
  auto listed = Json(Call("GET", "/v1/batches/b1/transfers"));
  const auto& items = listed.at("items").as_array();
  ASSERT_EQ(items.size(), 2u) << listed;
  EXPECT_NE(items[0].at("transferUuid"), items[1].at("transferUuid")) << listed;
  EXPECT_EQ(items[0].at("transferUuid"), a.at("transferUuid"));
}

// A collection nobody creates into holds what its list shows (opto22's tables): here the
// stateful list is empty, so every table is the documented 404, as its list says, and not
// the spec's answer for a table nobody could have made.
TEST_F(StatefulTest, AnItemTheListDoesNotShowIsNotFound) {
  EXPECT_EQ(Json(Call("GET", "/v1/tables")), boost::json::array());
  auto unknown = Call("GET", "/v1/tables/temps");
  EXPECT_EQ(unknown.response.status, 404) << unknown.response.body;
  EXPECT_TRUE(Json(unknown).at("code").is_string());
}

TEST_F(StatefulTest, UnknownIdsGetTheDocumented404) {
  auto missing = Call("GET", "/v1/pets/99");
  EXPECT_EQ(missing.response.status, 404);
  auto body = Json(missing);
  EXPECT_TRUE(body.at("code").is_string());
  EXPECT_NE(std::string(body.at("message").as_string()).find("'99'"), std::string::npos);
  EXPECT_EQ(Call("DELETE", "/v1/pets/99").response.status, 404);
  EXPECT_EQ(Call("PATCH", "/v1/pets/99", R"({"name": "x"})").response.status, 404);
}

TEST_F(StatefulTest, PatchPutAndDeleteChangeTheStoredResource) {
  Call("POST", "/v1/pets", R"({"name": "Rex", "tag": "dog"})");
  clock_.now += 60'000;
  auto patched = Call("PATCH", "/v1/pets/1", R"({"name": "Max", "tag": null})");
  ASSERT_EQ(patched.response.status, 200) << patched.response.body;
  auto pet = Json(patched);
  EXPECT_EQ(pet.at("name"), "Max");
  EXPECT_FALSE(pet.as_object().contains("tag"));
  EXPECT_EQ(pet.at("created_at").as_string(),
            FormatTimestamp(clock_.now - 60'000));  // creation stays

  auto replaced = Json(Call("PUT", "/v1/pets/1", R"({"name": "Bo", "status": "sold"})"));
  EXPECT_EQ(replaced.at("petId"), 1);
  EXPECT_EQ(replaced.at("status"), "sold");
  EXPECT_EQ(replaced.at("created_at"), pet.at("created_at"));  // read-only fields stay
  EXPECT_EQ(Json(Call("GET", "/v1/pets/1")).at("name"), "Bo");

  EXPECT_EQ(Call("DELETE", "/v1/pets/1").response.status, 204);
  EXPECT_EQ(Call("GET", "/v1/pets/1").response.status, 404);
  // PUT to an unknown id creates it there.
  auto put = Call("PUT", "/v1/pets/40", R"({"name": "New"})");
  EXPECT_EQ(put.response.status, 200);
  EXPECT_EQ(Json(Call("GET", "/v1/pets/40")).at("petId"), 40);
}

TEST_F(StatefulTest, ListsPageWithCursorsInTheEnvelope) {
  for (const char* name : {"a", "b", "c", "d", "e"})
    Call("POST", "/v1/pets", StrCat(R"({"name": ")", name, R"("})"));
  Call("DELETE", "/v1/pets/2");
  std::vector<std::string> seen;
  std::string target = "/v1/pets";  // limit defaults to 2, as documented
  int pages = 0;
  while (true) {
    auto page = Call("GET", target);
    ASSERT_EQ(page.response.status, 200) << page.response.body;
    auto body = Json(page);
    for (const auto& pet : body.at("data").as_array())
      seen.emplace_back(pet.at("name").as_string());
    ++pages;
    EXPECT_EQ(page.response.headers.Find("x-total-count"), "4");
    if (!body.at("has_more").as_bool()) {
      EXPECT_TRUE(body.at("next_cursor").is_null());
      break;
    }
    target = StrCat("/v1/pets?cursor=", std::string(body.at("next_cursor").as_string()));
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "c", "d", "e"}));
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(Json(Call("GET", "/v1/pets?limit=3")).at("data").as_array().size(), 3u);
  auto bad = Call("GET", "/v1/pets?cursor=zzz");
  EXPECT_EQ(bad.response.status, 400);
}

TEST_F(StatefulTest, NestedCollectionsAreApartAndBareArraysPageByNumber) {
  auto toy = Json(Call("POST", "/v1/owners/ann/toys", R"({"kind": "ball"})"));
  std::string id(toy.at("id").as_string());
  EXPECT_EQ(id.size(), 36u);  // a uuid, as the schema says
  EXPECT_EQ(Call("GET", StrCat("/v1/owners/ann/toys/", id)).response.status, 200);
  EXPECT_EQ(Call("GET", StrCat("/v1/owners/bob/toys/", id)).response.status, 404);
  for (int i = 0; i < 4; ++i) Call("POST", "/v1/owners/ann/toys", R"({"kind": "kite"})");
  auto first = Call("GET", "/v1/owners/ann/toys?page=1&per_page=2");
  EXPECT_EQ(Json(first).as_array().size(), 2u);
  EXPECT_EQ(first.response.headers.Find("link"),
            "</v1/owners/ann/toys?page=2&per_page=2>; rel=\"next\"");
  // The next page keeps what else the request asked (Azure requires its api-version).
  auto versioned = Call("GET", "/v1/owners/ann/toys?api-version=2024-01-01&page=1&per_page=2");
  EXPECT_EQ(versioned.response.headers.Find("link"),
            "</v1/owners/ann/toys?api-version=2024-01-01&page=2&per_page=2>; rel=\"next\"");
  auto last = Call("GET", "/v1/owners/ann/toys?page=3&per_page=2");
  EXPECT_EQ(Json(last).as_array().size(), 1u);
  EXPECT_FALSE(last.response.headers.Find("link").has_value());
  EXPECT_EQ(Json(Call("GET", "/v1/owners/bob/toys")).as_array().size(), 0u);
}

TEST_F(StatefulTest, RequestFieldsThatDoNotFitTheResponseSchemaAreNotStored) {
  // `name` has maxLength 20 in both; a readOnly id sent by the client is the server's.
  auto created = Call("POST", "/v1/pets", R"({"name": "Rex", "petId": 500})");
  EXPECT_EQ(created.response.status, 201);
  EXPECT_EQ(Json(created).at("petId"), 1);
}

TEST_F(StatefulTest, IdempotencyKeysReplayAndConflict) {
  auto first = Call("POST", "/v1/pets", R"({"name": "Rex"})", {{"idempotency-key", "k1"}});
  ASSERT_EQ(first.response.status, 201);
  auto again = Call("POST", "/v1/pets", R"({"name": "Rex"})", {{"idempotency-key", "k1"}});
  EXPECT_EQ(again.response.status, 201);
  EXPECT_EQ(again.response.body, first.response.body);
  EXPECT_EQ(again.response.headers.Find("idempotent-replayed"), "true");
  EXPECT_EQ(engine_->state()->resource_count(), 1u);  // not created twice

  auto conflict = Call("POST", "/v1/pets", R"({"name": "Other"})", {{"idempotency-key", "k1"}});
  EXPECT_EQ(conflict.response.status, 409);  // the documented conflict response
  EXPECT_TRUE(Json(conflict).at("code").is_string());

  // Another caller's key of the same name is its own; an expired key is forgotten.
  auto other = Call("POST", "/v1/pets", R"({"name": "Other"})",
                    {{"idempotency-key", "k1"}, {"authorization", "Bearer someone-else"}});
  EXPECT_EQ(other.response.status, 201);
  clock_.now += 25LL * 3600 * 1000;
  auto later = Call("POST", "/v1/pets", R"({"name": "Other"})", {{"idempotency-key", "k1"}});
  EXPECT_EQ(later.response.status, 201);
  EXPECT_FALSE(later.response.headers.Find("idempotent-replayed").has_value());
}

TEST_F(StatefulTest, StateIsBoundedAndResetOnDemand) {
  MockOptions options;
  options.stateful = true;
  auto state = std::make_shared<MockState>(StateLimits{.max_resources = 3});
  engine_ = std::make_unique<MockEngine>(loaded_, options, &clock_, state);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Call("POST", "/v1/pets", R"({"name": "a"})").response.status, 201);
  auto full = Call("POST", "/v1/pets", R"({"name": "a"})");
  EXPECT_EQ(full.response.status, 507);
  EXPECT_NE(full.why.find("limit of 3"), std::string::npos);
  state->Reset();
  EXPECT_EQ(Call("GET", "/v1/pets/1").response.status, 404);
  EXPECT_EQ(Call("POST", "/v1/pets", R"({"name": "a"})").response.status, 201);
}

TEST_F(StatefulTest, AReloadedEngineKeepsTheState) {
  Call("POST", "/v1/pets", R"({"name": "Rex"})");
  MockOptions options;
  options.stateful = true;
  MockEngine reloaded(loaded_, options, &clock_, engine_->state());
  net::Request request;
  request.method = "GET";
  request.target = request.path = "/v1/pets/1";
  EXPECT_EQ(reloaded.Handle(request).response.status, 200);
}

TEST_F(StatefulTest, WithoutStatefulTheSpecAnswersAlone) {
  engine_ = std::make_unique<MockEngine>(loaded_, MockOptions{}, &clock_);
  Call("POST", "/v1/pets", R"({"name": "Rex"})");
  EXPECT_EQ(Call("GET", "/v1/pets/77").response.status, 200);
}

TEST_F(StatefulTest, EveryStatefulResponseFitsItsSchema) {
  Call("POST", "/v1/pets", R"({"name": "Rex", "tag": "dog"})");
  Call("PATCH", "/v1/pets/1", R"({"tag": null})");
  for (const char* target : {"/v1/pets", "/v1/pets/1"}) {
    auto result = Call("GET", target);
    const spec::Operation& op = *std::find_if(
        engine_->spec().operations.begin(), engine_->spec().operations.end(),
        [&](const spec::Operation& o) { return o.operation_id == result.operation_id; });
    auto compiled = schema::Schema::CompileValue(loaded_->files->root().root(),
                                                 *op.responses[0].content[0].schema,
                                                 {.dialect = schema::Dialect::kOpenApi30});
    ASSERT_TRUE(compiled.ok()) << compiled.status();
    auto verdict = compiled->Validate(Json(result), {.direction = schema::Direction::kResponse});
    EXPECT_TRUE(verdict.valid) << target << ": " << result.response.body;
  }
}

TEST(MockConfigTest, ReadsSettingsAndNamesTheFieldAtFault) {
  MockOptions options;
  auto config = boost::json::parse(
      R"({"stateful": true, "seed": 9, "latency": "10-20ms", "rate_limit": "5/s",
          "operations": {"getPet": {"chaos": 0.5, "latency": "1s"}}})");
  ASSERT_TRUE(ApplyMockConfig(config, options).ok());
  EXPECT_TRUE(options.stateful);
  EXPECT_EQ(options.seed, 9u);
  EXPECT_EQ(options.behaviours.latency.max.count(), 20);
  EXPECT_EQ(options.operation_behaviours.at("getPet").chaos, 0.5);
  auto bad = ApplyMockConfig(boost::json::parse(R"({"operations": {"getPet": {"latency": "x"}}})"),
                             options);
  EXPECT_NE(bad.message().find("operations.getPet.latency"), std::string::npos) << bad;
  EXPECT_FALSE(ApplyMockConfig(boost::json::parse(R"({"speed": 1})"), options).ok());
  EXPECT_FALSE(ApplyMockConfig(boost::json::parse(R"({"seed": -1})"), options).ok());
}

TEST_F(StatefulTest, BehavioursApplyPerOperation) {
  MockOptions options;
  ASSERT_TRUE(
      ApplyMockConfig(boost::json::parse(R"({"operations": {"getPet": {"chaos": 1}}})"), options)
          .ok());
  engine_ = std::make_unique<MockEngine>(loaded_, options, &clock_);
  EXPECT_EQ(Call("GET", "/v1/pets/1").response.status, 500);
  EXPECT_EQ(Call("GET", "/v1/pets").response.status, 200);
}

}  // namespace
}  // namespace icopilot::mock
