// A vendor's project on a small Refunds API with two invited partners (A and B), a spec
// version and its hosted mock: what the playground and saved-case tests start from.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "support/http.h"

namespace icopilot::testing {

inline constexpr std::string_view kRefundsSpec = R"(openapi: 3.0.3
info: {title: Refunds, version: '1'}
servers: [{url: 'https://api.refunds.example/v1'}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /refunds:
    post:
      operationId: createRefund
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [amount]
              properties: {amount: {type: integer, minimum: 1}}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema:
                type: object
                required: [id, amount]
                properties: {id: {type: string}, amount: {type: integer}}
        '401': {description: No key}
)";

struct RefundsProject {
  std::string base;  // "/api/v1/projects/prj_..."
  std::string version;
  std::string mock_id;
  std::string mock_key;  // the hosted mock's API key
  std::string key_a, org_a, key_b, org_b;
};

inline RefundsProject CreateRefundsProject(const std::string& server_url,
                                           const std::string& vendor_key) {
  RefundsProject made;
  Reply project =
      Call("POST", server_url + "/api/v1/projects", vendor_key, R"({"name": "Refunds"})");
  EXPECT_EQ(project.status, 201) << project.body;
  made.base = "/api/v1/projects/" + IdOf(project);
  for (const auto& [name, key, org] :
       {std::tuple<std::string, std::string*, std::string*>{"A", &made.key_a, &made.org_a},
        {"B", &made.key_b, &made.org_b}}) {
    Reply invited = Call(
        "POST", server_url + made.base + "/partners", vendor_key,
        StrCat(R"({"name": "Partner )", name, R"(", "admin_email": "dev@)", name, R"(.test"})"));
    EXPECT_EQ(invited.status, 201) << invited.body;
    if (invited.status != 201) return made;
    *key = std::string(invited.json().at("api_key").at("secret").as_string());
    *org = std::string(invited.json().at("org").at("id").as_string());
  }
  Reply version = Call(
      "POST", server_url + made.base + "/specs", vendor_key,
      boost::json::serialize(boost::json::object{{"label", "v1"}, {"document", kRefundsSpec}}));
  EXPECT_EQ(version.status, 201) << version.body;
  made.version = IdOf(version);
  Reply mock = Call("POST", server_url + made.base + "/mocks", vendor_key,
                    R"({"spec_version_id": ")" + made.version + R"(", "name": "Mock"})");
  EXPECT_EQ(mock.status, 201) << mock.body;
  if (mock.status == 201) made.mock_id = IdOf(mock);
  if (mock.status == 201)
    made.mock_key = std::string(mock.json().at("credentials").at("api_key").as_string());
  return made;
}

}  // namespace icopilot::testing
