#include "api/json_io.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace icopilot::api {
namespace {

net::Request JsonRequest(std::string content_type, std::string body) {
  net::Request request;
  if (!content_type.empty()) request.headers.Set("content-type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

int HttpStatusOf(const absl::Status& status) { return ProblemFromStatus(status).status; }

TEST(ReadJsonObject, AcceptsJsonMediaTypesWithParameters) {
  EXPECT_TRUE(ReadJsonObject(JsonRequest("application/json; charset=utf-8", "{}")).ok());
  EXPECT_TRUE(ReadJsonObject(JsonRequest("application/merge-patch+json", "{}")).ok());
}

TEST(ReadJsonObject, WrongContentTypeIs415) {
  auto body = ReadJsonObject(JsonRequest("text/plain", "{}"));
  EXPECT_EQ(HttpStatusOf(body.status()), 415);
  EXPECT_EQ(HttpStatusOf(ReadJsonObject(JsonRequest("", "{}")).status()), 415);
}

TEST(ReadJsonObject, MalformedJsonIs400WithTheOffset) {
  auto body = ReadJsonObject(JsonRequest("application/json", "{\"a\": tru}"));
  net::Response problem = ProblemFromStatus(body.status());
  EXPECT_EQ(problem.status, 400);
  EXPECT_NE(problem.body.find("offset"), std::string::npos) << problem.body;
  EXPECT_NE(problem.body.find("urn:icopilot:problem:malformed-json"), std::string::npos);
}

TEST(ReadJsonObject, NonObjectIs422) {
  EXPECT_EQ(HttpStatusOf(ReadJsonObject(JsonRequest("application/json", "[1]")).status()), 422);
}

TEST(Fields, NameTheFieldInTheirErrors) {
  auto body = ParseJson(R"({"name": 5, "extra": true})");
  const auto& object = body->as_object();
  auto name = StringField(object, "name", true);
  EXPECT_EQ(name.status().message(), "name: must be a string");
  EXPECT_EQ(StringField(object, "missing", true).status().message(), "missing: is required");
  EXPECT_EQ(OnlyFields(object, {"name"}).message(), "extra: unknown field");
}

TEST(ProblemFromStatus, MapsCanonicalCodesAndHidesInternalDetail) {
  EXPECT_EQ(HttpStatusOf(absl::NotFoundError("x")), 404);
  EXPECT_EQ(HttpStatusOf(absl::AlreadyExistsError("x")), 409);
  EXPECT_EQ(HttpStatusOf(absl::PermissionDeniedError("x")), 403);
  net::Response unauthenticated = ProblemFromStatus(absl::UnauthenticatedError("x"));
  EXPECT_EQ(unauthenticated.status, 401);
  EXPECT_TRUE(unauthenticated.headers.Find("www-authenticate").has_value());
  net::Response internal = ProblemFromStatus(absl::InternalError("sqlite: table secrets is locked"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body.find("sqlite"), std::string::npos);
}

}  // namespace
}  // namespace icopilot::api
