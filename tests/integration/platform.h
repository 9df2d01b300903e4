// A data folder with orgs made by `icopilot admin create-org`, and a server on it.
#pragma once

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <string>

#include "support/process.h"
#include "support/temp_dir.h"

namespace icopilot::testing {

struct OrgCredentials {
  std::string org_id;
  std::string user_id;
  std::string email;
  std::string password;
  std::string api_key;
};

inline OrgCredentials CreateOrgWithCli(const std::filesystem::path& data, const std::string& name,
                                       const std::string& email) {
  CommandResult result = RunIcopilot({"admin", "create-org", "--data", data.string(), "--name", name,
                                      "--owner-email", email, "--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  boost::system::error_code ec;
  auto json = boost::json::parse(result.out, ec);
  EXPECT_FALSE(ec) << result.out;
  OrgCredentials org;
  if (ec || !json.is_object()) return org;
  const auto& object = json.as_object();
  org.org_id = std::string(object.at("org_id").as_string());
  org.user_id = std::string(object.at("user_id").as_string());
  org.email = std::string(object.at("email").as_string());
  org.password = std::string(object.at("password").as_string());
  org.api_key = std::string(object.at("api_key").as_string());
  return org;
}

}  // namespace icopilot::testing
