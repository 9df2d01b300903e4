#include "contract/operation_index.h"

#include <gtest/gtest.h>

namespace icopilot::contract {
namespace {

spec::Spec SpecWith(std::vector<std::pair<std::string, std::string>> operations,
                    std::string server = "") {
  spec::Spec spec;
  if (!server.empty()) spec.servers.push_back(server);
  for (auto& [method, path] : operations) {
    spec::Operation op;
    op.method = *spec::ParseMethod(method);
    op.path = path;
    op.operation_id = method + path;
    spec.operations.push_back(op);
  }
  return spec;
}

TEST(OperationIndex, LiteralSegmentsWinOverTemplatedOnes) {
  auto spec = SpecWith({{"get", "/pets/{id}"}, {"get", "/pets/mine"}, {"get", "/pets"}});
  OperationIndex index(spec);
  auto mine = index.Match("GET", "/pets/mine");
  ASSERT_EQ(mine.kind, RouteMatch::kFound);
  EXPECT_EQ(spec.operations[mine.operation].path, "/pets/mine");
  auto by_id = index.Match("GET", "/pets/a%20b");
  ASSERT_EQ(by_id.kind, RouteMatch::kFound);
  EXPECT_EQ(spec.operations[by_id.operation].path, "/pets/{id}");
  ASSERT_EQ(by_id.path_params.size(), 1u);
  EXPECT_EQ(by_id.path_params[0], (std::pair<std::string, std::string>{"id", "a b"}));
}

// Google's Service Networking: one path, its parameter named per method.
TEST(OperationIndex, ParametersAreNamedAsTheMatchedOperationsOwnPathNamesThem) {
  auto spec = SpecWith({{"patch", "/v1/{name}/connections"},
                        {"get", "/v1/{parent}/connections"},
                        {"post", "/v1/{parent}/connections"}});
  OperationIndex index(spec);
  for (std::string_view method : {"GET", "POST", "PATCH"}) {
    auto match = index.Match(method, "/v1/services%2Fnet/connections");
    ASSERT_EQ(match.kind, RouteMatch::kFound) << method;
    ASSERT_EQ(match.path_params.size(), 1u) << method;
    EXPECT_EQ(match.path_params[0].first, method == "PATCH" ? "name" : "parent") << method;
    EXPECT_EQ(match.path_params[0].second, "services/net") << method;
  }
}

TEST(OperationIndex, TellsAWrongMethodFromAnUnknownPath) {
  auto spec = SpecWith({{"get", "/pets"}, {"post", "/pets"}});
  OperationIndex index(spec);
  auto wrong = index.Match("DELETE", "/pets");
  EXPECT_EQ(wrong.kind, RouteMatch::kWrongMethod);
  EXPECT_EQ(wrong.allowed_methods, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ(index.Match("GET", "/owners").kind, RouteMatch::kNoPath);
  EXPECT_EQ(index.MethodsAt("/pets"), (std::vector<std::string>{"GET", "POST"}));
  auto head = index.Match("HEAD", "/pets");  // answered like GET
  ASSERT_EQ(head.kind, RouteMatch::kFound);
  EXPECT_EQ(spec.operations[head.operation].method, spec::Method::kGet);
}

TEST(OperationIndex, ServesUnderTheServersBasePath) {
  auto spec = SpecWith({{"get", "/pets"}}, "https://api.example.com/v1/");
  OperationIndex index(spec);
  EXPECT_EQ(index.base_path(), "/v1");
  EXPECT_EQ(index.Match("GET", "/v1/pets").kind, RouteMatch::kFound);
  EXPECT_EQ(index.Match("GET", "/pets").kind, RouteMatch::kNoPath);
  EXPECT_EQ(index.Match("GET", "/v1pets").kind, RouteMatch::kNoPath);
}

TEST(OperationIndex, SegmentsMixingTextAndAParameter) {
  auto spec =
      SpecWith({{"get", "/repos/{owner}/compare/{base}...{head}"}, {"get", "/reports/{id}.json"}});
  OperationIndex index(spec);
  auto report = index.Match("GET", "/reports/42.json");
  ASSERT_EQ(report.kind, RouteMatch::kFound);
  EXPECT_EQ(report.path_params[0].second, "42");
  EXPECT_EQ(index.Match("GET", "/reports/42.xml").kind, RouteMatch::kNoPath);
}

}  // namespace
}  // namespace icopilot::contract

namespace icopilot::contract {
namespace {

TEST(OperationIndex, SeveralParametersInOneSegment) {
  auto spec =
      SpecWith({{"get", "/weather/{latitude},{longitude}"}, {"get", "/files/{name}.{extension}"}});
  OperationIndex index(spec);
  auto weather = index.Match("GET", "/weather/38.7,-9.1");
  ASSERT_EQ(weather.kind, RouteMatch::kFound);
  EXPECT_EQ(weather.path_params[0].second, "38.7");
  EXPECT_EQ(weather.path_params[1].second, "-9.1");
  auto file = index.Match("GET", "/files/report.final.pdf");
  ASSERT_EQ(file.kind, RouteMatch::kFound);
  EXPECT_EQ(file.path_params[0].second, "report");
  EXPECT_EQ(file.path_params[1].second, "final.pdf");
}

TEST(OperationIndex, RpcStyleOperationsSharingAPathAreToldApartByTheirFixedPart) {
  auto spec = SpecWith({{"post", "/#X-Amz-Target=Svc.Create"},
                        {"post", "/#X-Amz-Target=Svc.Delete"},
                        {"get", "/?Action=List&Version=1"},
                        {"get", "/?Action=Describe&Version=1"}});
  OperationIndex index(spec);
  net::Headers headers;
  headers.Add("x-amz-target", "Svc.Delete");
  auto deleted = index.Match("POST", "/", "", &headers);
  ASSERT_EQ(deleted.kind, RouteMatch::kFound);
  EXPECT_EQ(spec.operations[deleted.operation].path, "/#X-Amz-Target=Svc.Delete");
  auto described = index.Match("GET", "/", "Version=1&Action=Describe");
  ASSERT_EQ(described.kind, RouteMatch::kFound);
  EXPECT_EQ(spec.operations[described.operation].path, "/?Action=Describe&Version=1");
  EXPECT_EQ(index.Match("DELETE", "/").allowed_methods, (std::vector<std::string>{"POST", "GET"}));
}

}  // namespace
}  // namespace icopilot::contract
