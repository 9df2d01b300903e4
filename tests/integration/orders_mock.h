// A project with the golden suite's Orders spec (tests/golden/specs/orders.yaml) and a
// hosted mock of it, made through a running server's API: what the tests of several
// instances start from.
#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "support/http.h"
#include "support/temp_dir.h"

namespace icopilot::testing {

inline const std::filesystem::path kOrdersSpec = std::filesystem::path(ICOPILOT_SPEC_FIXTURES) /
                                                 ".." / ".." / "golden" / "specs" / "orders.yaml";

struct OrdersMock {
  std::string api;  // /api/v1/projects/ID
  std::string version_id;
  std::string mock_id;
  std::string mock_key;
};

// `mock_config` is the mock's settings as JSON ("{}" for none).
inline OrdersMock MakeOrdersMock(const std::string& url, const std::string& key,
                                 const std::string& mock_config = "{}") {
  OrdersMock orders;
  orders.api = "/api/v1/projects/" +
               IdOf(Call("POST", url + "/api/v1/projects", key, R"({"name": "Orders"})"));
  Reply version = Call("POST", url + orders.api + "/specs", key,
                       R"({"label": "v1", "document": )" + JsonString(ReadFile(kOrdersSpec)) + "}");
  EXPECT_EQ(version.status, 201) << version.body;
  orders.version_id = IdOf(version);
  Reply mock = Call("POST", url + orders.api + "/mocks", key,
                    R"({"name": "Orders mock", "spec_version_id": ")" + orders.version_id +
                        R"(", "config": )" + mock_config + "}");
  EXPECT_EQ(mock.status, 201) << mock.body;
  orders.mock_id = IdOf(mock);
  if (mock.status == 201)
    orders.mock_key = std::string(mock.json().at("credentials").at("api_key").as_string());
  return orders;
}

}  // namespace icopilot::testing
