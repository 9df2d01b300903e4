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

// A form marks the field a 422 names: RFC 9457's `errors` member, by JSON pointer.
TEST(ProblemFromStatus, A422NamesItsFieldByPointer) {
  net::Response named =
      ProblemFromStatus(absl::InvalidArgumentError("name: between 1 and 200 characters"));
  EXPECT_EQ(named.status, 422);
  auto body = ParseJson(named.body);
  ASSERT_TRUE(body.ok());
  const auto& errors = body->at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at("pointer").as_string(), "/name");
  EXPECT_EQ(errors[0].at("detail").as_string(), "between 1 and 200 characters");
  auto nested = ParseJson(
      ProblemFromStatus(absl::InvalidArgumentError("settings.latency_ms: too large")).body);
  EXPECT_EQ(nested->at("errors").at(0).at("pointer").as_string(), "/settings/latency_ms");
  // A message that names no field keeps only its detail.
  auto plain = ParseJson(
      ProblemFromStatus(absl::InvalidArgumentError("the request body must be a JSON object")).body);
  EXPECT_EQ(plain->as_object().if_contains("errors"), nullptr);
}

TEST(ProblemFromStatus, MapsCanonicalCodesAndHidesInternalDetail) {
  EXPECT_EQ(HttpStatusOf(absl::NotFoundError("x")), 404);
  EXPECT_EQ(HttpStatusOf(absl::AlreadyExistsError("x")), 409);
  EXPECT_EQ(HttpStatusOf(absl::PermissionDeniedError("x")), 403);
  net::Response unauthenticated = ProblemFromStatus(absl::UnauthenticatedError("x"));
  EXPECT_EQ(unauthenticated.status, 401);
  EXPECT_TRUE(unauthenticated.headers.Find("www-authenticate").has_value());
  net::Response internal =
      ProblemFromStatus(absl::InternalError("sqlite: table secrets is locked"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body.find("sqlite"), std::string::npos);
}

}  // namespace
}  // namespace icopilot::api
