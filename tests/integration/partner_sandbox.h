// A vendor's Refunds project with partners A and B, and a Sandbox environment that is the
// project's hosted mock, in which A keeps its own key: the setting for tests of what a
// partner's evidence decides (plan boards, readiness, certificates).
#pragma once

#include <chrono>
#include <memory>
#include <thread>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "integration/platform.h"
#include "integration/refunds_project.h"
#include "support/http.h"

namespace icopilot::testing {

class PartnerSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Acme", "owner@acme.test");
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data",
                                              std::vector<std::string>{"--access-log", "off"});
    p_ = CreateRefundsProject(server_->url(), vendor_.api_key);
    ASSERT_FALSE(p_.mock_id.empty());
    // The Sandbox is the project's hosted mock here; partner A keeps its own key for it.
    Reply env = Call("POST", Url(p_.base + "/environments"), vendor_.api_key,
                     StrCat(R"({"name": "Sandbox", "base_url": ")", server_->url(), "/mocks/",
                            p_.mock_id, R"(/v1"})"));
    ASSERT_EQ(env.status, 201) << env.body;
    sandbox_ = IdOf(env);
    ASSERT_EQ(Call("PUT", Url(p_.base + "/environments/" + sandbox_ + "/own-credentials"), p_.key_a,
                   StrCat(R"({"api_key": ")", p_.mock_key, R"("})"))
                  .status,
              200);
  }

  std::string Url(const std::string& path) const { return server_->url() + path; }
  // Queues a run of the authentication category and waits for it to end.
  std::string RunAndWait(const std::string& key, const std::string& environment,
                         boost::json::value& run) {
    Reply queued = Call("POST", Url(p_.base + "/runs"), key,
                        StrCat(R"({"spec_version_id": ")", p_.version, R"(", "environment_id": ")",
                               environment, R"(", "categories": ["authentication"]})"));
    EXPECT_EQ(queued.status, 202) << queued.body;
    const std::string run_id = IdOf(queued);
    for (int i = 0; i < 600; ++i) {
      run = Call("GET", Url(p_.base + "/runs/" + run_id), key).json();
      if (run.at("status") != "queued" && run.at("status") != "running") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(run.at("status"), "finished") << boost::json::serialize(run);
    return run_id;
  }

  // Every category the detected profile requires but authentication becomes optional, so a
  // run of authentication alone covers the profile.
  void RequireOnlyAuthentication() {
    Reply detected =
        Call("GET", Url(p_.base + "/specs/" + p_.version + "/profile"), vendor_.api_key);
    ASSERT_EQ(detected.status, 200) << detected.body;
    boost::json::object overrides;
    const boost::json::value json = detected.json();
    for (const auto& category : json.at("categories").as_array()) {
      if (category.at("requirement") == "required" && category.at("category") != "authentication")
        overrides[category.at("category").as_string()] = "optional";
    }
    Reply set = Call("PUT", Url(p_.base + "/specs/" + p_.version + "/profile"), vendor_.api_key,
                     boost::json::serialize(overrides));
    ASSERT_EQ(set.status, 200) << set.body;
  }

  TempDir dir_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> server_;
  RefundsProject p_;
  std::string sandbox_;
};

}  // namespace icopilot::testing
