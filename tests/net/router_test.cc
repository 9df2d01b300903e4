#include "net/router.h"

#include <gtest/gtest.h>

namespace icopilot::net {
namespace {

RouteHandler Named(std::string name) {
  return [name](Request&) {
    Response response;
    response.body = name;
    return response;
  };
}

std::string Call(const Router::Match& match) {
  Request request;
  return (*match.handler)(request).body;
}

TEST(Router, MatchesTemplatesAndDecodesParameters) {
  Router router;
  router.Add("GET", "/projects/{id}", Named("get"));
  auto match = router.Find("GET", "/projects/prj%20one");
  ASSERT_EQ(match.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(match.route, "/projects/{id}");
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(match.params[0].second, "prj one");
}

TEST(Router, LiteralSegmentsWinOverTemplates) {
  Router router;
  router.Add("GET", "/projects/{id}", Named("param"));
  router.Add("GET", "/projects/archived", Named("literal"));
  EXPECT_EQ(Call(router.Find("GET", "/projects/archived")), "literal");
  EXPECT_EQ(Call(router.Find("GET", "/projects/other")), "param");
}

TEST(Router, KnownPathWithAnotherMethodListsAllowedMethods) {
  Router router;
  router.Add("GET", "/projects", Named("list"));
  router.Add("POST", "/projects", Named("create"));
  auto match = router.Find("DELETE", "/projects");
  EXPECT_EQ(match.kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, UnknownPathsAndBadEscapesAreNotFound) {
  Router router;
  router.Add("GET", "/projects/{id}", Named("get"));
  EXPECT_EQ(router.Find("GET", "/projects").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("GET", "/projects/a/b").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("GET", "/projects/%zz").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("GET", "/projects/").kind, Router::Match::Kind::kNotFound);
}

}  // namespace
}  // namespace icopilot::net
