// Notifications through the real binary (docs/notifications.md): a notification committed
// before its delivery survives a kill -9 and reaches its receiver once after the restart;
// one delivered before a kill -9 is not sent again; the receiver, written in another
// language, verifies every signature with the documented recipe; channels refuse bad
// input and partners.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "core/strings.h"
#include "integration/platform.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

class NotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Acme", "owner@acme.test");
    Start();
    base_ = "/api/v1/projects/" +
            IdOf(Call("POST", Url("/api/v1/projects"), vendor_.api_key, R"({"name": "Payments"})"));
  }
  void Start() {
    server_ = std::make_unique<ServerProcess>(
        dir_.path() / "data",
        std::vector<std::string>{"--access-log", "off", "--allow-private-targets"});
  }
  std::string Url(const std::string& path) const { return server_->url() + path; }

  // The receiver's lines after its first: "accepted <id> <type> <header id>" or "refused".
  static std::vector<std::string> Lines(const ServerProcess& receiver) {
    std::vector<std::string> lines;
    std::string out = receiver.Stdout();
    for (std::size_t at = out.find('\n'); at != std::string::npos && at + 1 < out.size();) {
      std::size_t end = out.find('\n', at + 1);
      lines.push_back(out.substr(at + 1, end - at - 1));
      at = end;
    }
    return lines;
  }
  static bool WaitFor(const std::function<bool()>& done, int seconds) {
    for (int i = 0; i < seconds * 20; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
  }
  boost::json::array Notifications() {
    Reply list = Call("GET", Url(base_ + "/notifications"), vendor_.api_key);
    EXPECT_EQ(list.status, 200) << list.body;
    return list.json().at("items").as_array();
  }

  TempDir dir_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> server_;
  std::string base_;
};

TEST_F(NotificationsTest, NothingIsLostOrSentTwiceAcrossKill9) {
  // Created while its receiver does not answer (nothing listens on port 1).
  Reply channel = Call("POST", Url(base_ + "/notification-channels"), vendor_.api_key,
                       R"({"kind": "webhook", "name": "ops", "url": "http://127.0.0.1:1/hook",
                           "events": ["run.failed"]})");
  ASSERT_EQ(channel.status, 201) << channel.body;
  const std::string channel_id = IdOf(channel);
  const std::string secret(channel.json().at("secret").as_string());
  EXPECT_TRUE(secret.starts_with("whsec_")) << "generated and shown once";
  Reply listed = Call("GET", Url(base_ + "/notification-channels"), vendor_.api_key);
  EXPECT_EQ(listed.body.find(secret), std::string::npos) << "never shown again";

  ASSERT_EQ(
      Call("POST", Url(base_ + "/notification-channels/" + channel_id + "/test"), vendor_.api_key)
          .status,
      202);
  ASSERT_TRUE(WaitFor([&] { return Notifications().at(0).at("attempts").as_int64() >= 1; }, 10));
  auto first = Notifications().at(0).as_object();
  EXPECT_EQ(first.at("status"), "pending");
  EXPECT_NE(first.at("last_error").as_string(), "");
  const std::string event_id(first.at("event_id").as_string());

  // The server dies with the notification committed and not delivered.
  server_->Kill();
  ServerProcess receiver(
      dir_.path() / "receiver",
      ServerProcess::Command{
          {std::string(ICOPILOT_SOURCE_DIR) + "/tests/integration/webhook_receiver.mjs"}, "node"},
      {{"WEBHOOK_SECRET", secret}});
  Start();
  ASSERT_EQ(Call("PATCH", Url(base_ + "/notification-channels/" + channel_id), vendor_.api_key,
                 StrCat(R"({"url": ")", receiver.url(), R"(/hook"})"))
                .status,
            200);
  ASSERT_TRUE(WaitFor([&] { return Lines(receiver).size() >= 1; }, 30)) << receiver.Stdout();
  EXPECT_EQ(Lines(receiver).at(0), StrCat("accepted ", event_id, " channel.test ", event_id))
      << "the receiver verified the signature; the body's id is the header's";
  ASSERT_TRUE(WaitFor([&] { return Notifications().at(0).at("status") == "delivered"; }, 5));

  // Killed after the delivery was marked: after a restart, a second event arrives and the
  // first is not sent again.
  server_->Kill();
  Start();
  ASSERT_EQ(
      Call("POST", Url(base_ + "/notification-channels/" + channel_id + "/test"), vendor_.api_key)
          .status,
      202);
  ASSERT_TRUE(WaitFor([&] { return Lines(receiver).size() >= 2; }, 15)) << receiver.Stdout();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto lines = Lines(receiver);
  ASSERT_EQ(lines.size(), 2u) << receiver.Stdout();
  EXPECT_EQ(lines[0].find(event_id), std::string("accepted ").size());
  EXPECT_EQ(lines[1].find(event_id), std::string::npos);
  EXPECT_EQ(lines[1].rfind("accepted ", 0), 0u);
}

TEST_F(NotificationsTest, ChannelsAreTheVendorsAndRefuseBadInput) {
  for (
      const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
          {R"({"kind": "email", "name": "x", "url": "https://x.example"})", "kind"},
          {R"({"kind": "slack", "name": "x", "url": "ftp://x.example"})", "url"},
          {R"({"kind": "slack", "name": "x", "url": "https://x.example", "events": ["run.exploded"]})",
           "events"},
          {R"({"kind": "jira", "name": "x", "url": "https://acme.atlassian.net"})",
           "jira.project_key"},
          {R"({"kind": "jira", "name": "x", "url": "https://acme.atlassian.net",
                "jira": {"project_key": "PAY", "email": "a@b.test"}})",
           "secret"},
          {R"({"kind": "jira", "name": "x", "url": "https://acme.atlassian.net", "secret": "t",
                "jira": {"project_key": "PAY", "email": "a@b.test", "labels": ["two words"]}})",
           "jira.labels"}}) {
    Reply reply = Call("POST", Url(base_ + "/notification-channels"), vendor_.api_key, body);
    EXPECT_EQ(reply.status, 422) << body;
    EXPECT_NE(reply.body.find(field), std::string::npos) << reply.body;
  }
  // A partner never chooses where the server sends.
  Reply invited = Call("POST", Url(base_ + "/partners"), vendor_.api_key,
                       R"({"name": "Globex", "admin_email": "dev@globex.test"})");
  ASSERT_EQ(invited.status, 201);
  const std::string partner_key(invited.json().at("api_key").at("secret").as_string());
  EXPECT_EQ(Call("POST", Url(base_ + "/notification-channels"), partner_key,
                 R"({"kind": "webhook", "name": "mine", "url": "https://partner.example/hook"})")
                .status,
            403);
  EXPECT_EQ(Call("GET", Url(base_ + "/notifications"), partner_key).status, 403);
}

}  // namespace
}  // namespace icopilot::testing
