// `icopilot spec inspect|lint` as a user runs them.
#include <atomic>
#include <fstream>
#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "net/server.h"
#include "support/cli_schema.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace icopilot::testing {
namespace {

const std::filesystem::path kFixtures = ICOPILOT_SPEC_FIXTURES;

TEST(SpecInspect, PrintsTheBlueprintAsJson) {
  CommandResult result =
      RunIcopilot({"spec", "inspect", (kFixtures / "petstore.yaml").string(), "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(CliSchemaErrors("spec-inspect", result.out), "");
  auto json = boost::json::parse(result.out);
  EXPECT_EQ(json.at("openapi_version").as_string(), "3.0.3");
  EXPECT_EQ(json.at("title").as_string(), "Petstore");
  const auto& operations = json.at("operations").as_array();
  ASSERT_EQ(operations.size(), 3u);
  EXPECT_EQ(operations[0].at("operation_id").as_string(), "listPets");
  EXPECT_EQ(operations[0].at("method").as_string(), "get");
  EXPECT_EQ(operations[0].at("path").as_string(), "/pets");
  EXPECT_EQ(operations[0].at("pagination").at("style").as_string(), "cursor");
  EXPECT_TRUE(json.at("security_schemes").as_object().contains("bearer"));
  EXPECT_EQ(json.at("categories").at("idempotency").at("applicable").as_bool(), true);
  EXPECT_EQ(json.at("categories").as_object().size(), 10u);
  const auto& diagnostic = json.at("diagnostics").as_array().at(0);
  EXPECT_EQ(diagnostic.at("rule").as_string(), "unresolved-ref");
  EXPECT_EQ(diagnostic.at("line").as_int64(), 54);
}

TEST(SpecInspect, TextNamesOperationsAndCategories) {
  CommandResult result = RunIcopilot({"spec", "inspect", (kFixtures / "swagger2.json").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Legacy Payments 2016-01 (Swagger 2.0)"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("createPayment"), std::string::npos);
  EXPECT_NE(result.out.find("authorization"), std::string::npos);
  EXPECT_EQ(result.out.find("\033["), std::string::npos)
      << "no colour when stdout is not a terminal";
}

TEST(SpecInspect, UnusableDocumentsExit2) {
  TempDir dir;
  std::ofstream(dir.path() / "not-openapi.yaml") << "hello: world\n";
  std::ofstream(dir.path() / "broken.json") << "{\"openapi\": ";
  CommandResult not_openapi =
      RunIcopilot({"spec", "inspect", (dir.path() / "not-openapi.yaml").string()});
  EXPECT_EQ(not_openapi.exit_code, 2);
  EXPECT_NE(not_openapi.err.find("not an OpenAPI document"), std::string::npos) << not_openapi.err;
  CommandResult broken = RunIcopilot({"spec", "inspect", (dir.path() / "broken.json").string()});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("offset 12"), std::string::npos) << broken.err;
  EXPECT_EQ(RunIcopilot({"spec", "inspect", (dir.path() / "missing.yaml").string()}).exit_code, 2);
}

TEST(SpecLint, ExitCodesFollowFailOn) {
  const std::string multi = (kFixtures / "multi/openapi.yaml").string();
  EXPECT_EQ(RunIcopilot({"spec", "lint", multi}).exit_code, 0) << "clean";
  const std::string petstore = (kFixtures / "petstore.yaml").string();
  CommandResult errors = RunIcopilot({"spec", "lint", petstore});
  EXPECT_EQ(errors.exit_code, 1);
  EXPECT_NE(errors.out.find("petstore.yaml:54:17 error unresolved-ref"), std::string::npos)
      << errors.out;
  EXPECT_NE(errors.out.find("1 error, 1 warning"), std::string::npos);

  TempDir dir;
  std::ofstream(dir.path() / "warn.yaml") << "openapi: 3.0.0\ninfo: {version: '1'}\npaths: {}\n";
  const std::string warn = (dir.path() / "warn.yaml").string();
  EXPECT_EQ(RunIcopilot({"spec", "lint", warn}).exit_code, 0) << "warnings pass by default";
  EXPECT_EQ(RunIcopilot({"spec", "lint", warn, "--fail-on", "warning"}).exit_code, 1);
  CommandResult json = RunIcopilot({"spec", "lint", warn, "--format", "json"});
  EXPECT_EQ(CliSchemaErrors("spec-lint", json.out), "");
  EXPECT_EQ(boost::json::parse(json.out).at("warnings").as_int64(), 1);
  std::ofstream(dir.path() / "garbage.yaml") << "\x01\x02\xff";
  EXPECT_EQ(RunIcopilot({"spec", "lint", (dir.path() / "garbage.yaml").string()}).exit_code, 2);
}

}  // namespace
}  // namespace icopilot::testing

namespace icopilot::testing {
namespace {

TEST(SpecDiff, ExitCodesAndFormats) {
  TempDir dir;
  std::ofstream(dir.path() / "v1.yaml")
      << "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      "
         "responses: {'200': {description: ok}}\n"
         "  /b:\n    get:\n      responses: {'200': {description: ok}}\n";
  std::ofstream(dir.path() / "v2.yaml")
      << "openapi: 3.0.0\ninfo: {title: t, version: '2'}\npaths:\n  /a:\n    get:\n      "
         "responses: {'200': {description: ok}}\n"
         "  /c:\n    get:\n      responses: {'200': {description: ok}}\n";
  const std::string v1 = (dir.path() / "v1.yaml").string(), v2 = (dir.path() / "v2.yaml").string();
  EXPECT_EQ(RunIcopilot({"spec", "diff", v1, v1}).exit_code, 0);
  CommandResult text = RunIcopilot({"spec", "diff", v1, v2});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("v1.yaml:8:5 breaking operation-removed GET /b: GET /b was removed"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("1 breaking, 1 non-breaking changes"), std::string::npos);
  CommandResult markdown = RunIcopilot({"spec", "diff", v1, v2, "--format", "markdown"});
  EXPECT_NE(markdown.out.find("### API changes: 1 breaking, 1 non-breaking"), std::string::npos)
      << markdown.out;
  EXPECT_NE(markdown.out.find("| **breaking** | `GET /b` |"), std::string::npos);
  CommandResult json = RunIcopilot({"spec", "diff", v1, v2, "--format", "json"});
  EXPECT_EQ(CliSchemaErrors("spec-diff", json.out), "");
  auto parsed = boost::json::parse(json.out);
  EXPECT_EQ(parsed.at("breaking").to_number<int>(), 1);
  EXPECT_EQ(parsed.at("changes").as_array().size(), 2u);
  std::ofstream(dir.path() / "bad.yaml") << "not: openapi\n";
  EXPECT_EQ(RunIcopilot({"spec", "diff", v1, (dir.path() / "bad.yaml").string()}).exit_code, 2);
}

}  // namespace
}  // namespace icopilot::testing

namespace icopilot::testing {
namespace {

// Serves one schema document over real HTTP, as a schema registry would.
class SchemaHost final : public net::RequestHandler {
 public:
  net::Response Handle(net::Request& request) override {
    ++requests;
    net::Response response;
    if (request.path != "/schemas/pet.json") {
      response.status = 404;
      return response;
    }
    response.headers.Set("content-type", "application/json");
    response.body = R"({"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}})";
    return response;
  }
  bool RunsOnIoThread(const net::Request&) const override { return true; }
  void OnRejected(const net::Request&, const net::Response&) override {}
  std::atomic<int> requests{0};
};

TEST(SpecInspect, FetchesRemoteRefsOnlyWithTheFlag) {
  SchemaHost host;
  net::ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  auto server = net::Server::Listen(options, host);
  ASSERT_TRUE(server.ok());
  std::thread serving([&] { (*server)->Run(); });
  TempDir dir;
  const std::string url = (*server)->url() + "/schemas/pet.json#/Pet";
  std::ofstream(dir.path() / "api.yaml") << "openapi: 3.0.0\ninfo: {title: t, version: "
                                            "'1'}\npaths:\n  /pets:\n    get:\n      responses:\n"
                                            "        '200':\n          description: ok\n          "
                                            "content:\n            application/json:\n"
                                            "              schema: {$ref: '"
                                         << url << "'}\n";
  const std::string file = (dir.path() / "api.yaml").string();
  CommandResult refused = RunIcopilot({"spec", "lint", file});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.out.find("remote-ref"), std::string::npos) << refused.out;
  EXPECT_EQ(host.requests, 0) << "never fetched without --allow-remote-refs";
  CommandResult allowed = RunIcopilot({"spec", "lint", file, "--allow-remote-refs"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
  EXPECT_EQ(host.requests, 1);
  (*server)->Shutdown();
  serving.join();
}

}  // namespace
}  // namespace icopilot::testing
