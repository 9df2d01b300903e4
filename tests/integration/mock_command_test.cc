// `icopilot mock SPEC` as a user runs it: real HTTP over sockets to the real binary.
#include <chrono>
#include <fstream>
#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/http.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace icopilot::testing {
namespace {

const std::filesystem::path kFixtures = ICOPILOT_SPEC_FIXTURES;

TEST(MockCommand, ServesThePetstoreWithValidationAndLogsEachRequest) {
  TempDir dir;
  ServerProcess mock(
      dir.path() / "mock",
      ServerProcess::Command{{"mock", (kFixtures / "petstore.yaml").string(), "--port", "0"}});
  ASSERT_FALSE(mock.url().empty()) << mock.Stderr();
  EXPECT_TRUE(mock.first_line().starts_with("listening on http://127.0.0.1:")) << mock.first_line();

  auto list = Call("GET", mock.url() + "/v1/pets", "any-token");
  EXPECT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(boost::json::parse(list.body).is_array());
  auto bad = Call("GET", mock.url() + "/v1/pets?limit=many", "any-token");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("query.limit: expected an integer, got 'many'"), std::string::npos)
      << bad.body;
  EXPECT_EQ(Call("DELETE", mock.url() + "/v1/pets", "any-token").status, 405);
  EXPECT_EQ(Call("GET", mock.url() + "/v1/nothing-here", "any-token").status, 404);

  EXPECT_EQ(mock.Stop(), 0);
  const std::string log = mock.Stdout();
  EXPECT_NE(log.find("GET /v1/pets 200"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /v1/pets?limit=many 400"), std::string::npos) << log;
  EXPECT_NE(log.find("query.limit: expected an integer"), std::string::npos) << log;
}

TEST(MockCommand, JsonLogLinesAndUnusableSpecs) {
  TempDir dir;
  ServerProcess mock(dir.path() / "mock",
                     ServerProcess::Command{{"mock", (kFixtures / "petstore.yaml").string(),
                                             "--port", "0", "--format", "json"}});
  EXPECT_TRUE(mock.first_line().starts_with("{\"event\":\"listening\"")) << mock.first_line();
  EXPECT_EQ(Call("GET", mock.url() + "/v1/pets", "any-token").status, 200);
  EXPECT_EQ(mock.Stop(), 0);
  std::string log = mock.Stdout();
  std::string second = log.substr(log.find('\n') + 1);
  auto entry = boost::json::parse(second.substr(0, second.find('\n')));
  EXPECT_EQ(entry.at("status"), 200);
  EXPECT_EQ(entry.at("operation_id"), "listPets");

  std::ofstream(dir.path() / "not-openapi.yaml") << "hello: world\n";
  CommandResult unusable =
      RunIcopilot({"mock", (dir.path() / "not-openapi.yaml").string(), "--port", "0"});
  EXPECT_EQ(unusable.exit_code, 2);
  EXPECT_NE(unusable.err.find("unusable"), std::string::npos) << unusable.err;
}

TEST(MockCommand, StrictAuthAcceptsOnlyTheGivenCredentials) {
  TempDir dir;
  ServerProcess mock(
      dir.path() / "mock",
      ServerProcess::Command{{"mock", (kFixtures / "petstore.yaml").string(), "--port", "0",
                              "--strict-auth", "--api-key", "partner-key"}});
  auto none = Call("GET", mock.url() + "/v1/pets");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.headers.Find("www-authenticate"), "Bearer realm=\"mock\"");
  EXPECT_EQ(Call("GET", mock.url() + "/v1/pets", "someone-else").status, 401);
  EXPECT_EQ(Call("GET", mock.url() + "/v1/pets", "partner-key").status, 200);
}

TEST(MockCommand, ReloadsWhenTheSpecChangesAndKeepsServingABrokenEdit) {
  TempDir dir;
  const auto spec = dir.path() / "api.yaml";
  auto write = [&](std::string paths) {
    std::ofstream(spec) << "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n" << paths;
  };
  write("  /a: {get: {responses: {'200': {description: ok}}}}\n");
  ServerProcess mock(dir.path() / "mock",
                     ServerProcess::Command{{"mock", spec.string(), "--port", "0"}});
  EXPECT_EQ(Call("GET", mock.url() + "/a").status, 200);
  EXPECT_EQ(Call("GET", mock.url() + "/b").status, 404);

  write(
      "  /a: {get: {responses: {'200': {description: ok}}}}\n  /b: {get: {responses: {'204': "
      "{description: ok}}}}\n");
  int status = 0;
  for (int attempt = 0; attempt < 100 && status != 204; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = Call("GET", mock.url() + "/b").status;
  }
  EXPECT_EQ(status, 204) << mock.Stdout();

  std::ofstream(spec) << "openapi: [broken";
  for (int attempt = 0; attempt < 100 && mock.Stdout().find("reload-failed") == std::string::npos;
       ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(mock.Stdout().find("still serving the previous version"), std::string::npos)
      << mock.Stdout();
  EXPECT_EQ(Call("GET", mock.url() + "/b").status, 204);
}

TEST(MockCommand, StatefulWithAConfigFileKeepsItsStateAcrossAReload) {
  TempDir dir;
  const auto spec = dir.path() / "api.yaml";
  const std::string notes =
      "  /notes:\n"
      "    post: {requestBody: {content: {application/json: {schema: {$ref: "
      "'#/components/schemas/Note'}}}}, responses: {'201': {description: ok, content: "
      "{application/json: {schema: {$ref: '#/components/schemas/Note'}}}}}}\n"
      "  /notes/{id}:\n"
      "    get: {parameters: [{name: id, in: path, required: true, schema: {type: integer}}], "
      "responses: {'200': {description: ok, content: {application/json: {schema: {$ref: "
      "'#/components/schemas/Note'}}}}}}\n";
  auto write = [&](const std::string& extra) {
    std::ofstream(spec) << "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
                        << notes << extra
                        << "components: {schemas: {Note: {type: object, required: [id, text], "
                           "properties: {id: {type: integer, readOnly: true}, text: {type: "
                           "string}}}}}\n";
  };
  write("");
  const auto config = dir.path() / "mock.json";
  std::ofstream(config) << R"({"operations": {"getNote": {"latency": "5ms"}}, "max_resources": 5})";
  ServerProcess mock(dir.path() / "mock",
                     ServerProcess::Command{{"mock", spec.string(), "--port", "0", "--stateful",
                                             "--config", config.string(), "--format", "json"}});
  Reply created = Call("POST", mock.url() + "/notes", "", R"({"text": "kept"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.headers.Find("location"), "/notes/1");

  write("  /other: {get: {responses: {'204': {description: ok}}}}\n");
  int status = 0;
  for (int attempt = 0; attempt < 100 && status != 204; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = Call("GET", mock.url() + "/other").status;
  }
  ASSERT_EQ(status, 204) << mock.Stdout();
  Reply read = Call("GET", mock.url() + "/notes/1");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.json().at("text"), "kept");  // the reload kept what was stored

  for (int i = 0; i < 4; ++i) Call("POST", mock.url() + "/notes", "", R"({"text": "more"})");
  Reply full = Call("POST", mock.url() + "/notes", "", R"({"text": "one too many"})");
  EXPECT_EQ(full.status, 507) << full.body;
  // The log carries what the check found wrong.
  Reply bad = Call("POST", mock.url() + "/notes", "", R"({"text": 5})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(
      mock.Stdout().find(R"("violations":["body/text: body.text: expected a string, got 5"])"),
      std::string::npos)
      << mock.Stdout();

  std::ofstream(config) << R"({"operations": {"getNote": {"latency": "soon"}}})";
  CommandResult refused =
      RunIcopilot({"mock", spec.string(), "--port", "0", "--config", config.string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("operations.getNote.latency"), std::string::npos) << refused.err;
}

TEST(MockCommand, APortInUseExits2) {
  TempDir dir;
  ServerProcess first(
      dir.path() / "first",
      ServerProcess::Command{{"mock", (kFixtures / "petstore.yaml").string(), "--port", "0"}});
  CommandResult second = RunIcopilot(
      {"mock", (kFixtures / "petstore.yaml").string(), "--port", std::to_string(first.port())});
  EXPECT_EQ(second.exit_code, 2) << second.err;
}

}  // namespace
}  // namespace icopilot::testing
