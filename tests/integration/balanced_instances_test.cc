// Three `icopilot serve` instances on one PostgreSQL database behind HAProxy, configured by
// the very file operators are given (examples/haproxy.cfg): sign in through one and act
// through the others, a revoked key refused by all three at once, one rate-limit budget, a
// hosted mock that is one mock and follows a new spec version within a second, and a golden
// run finished once by another instance after its own is killed.
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "integration/orders_mock.h"
#include "integration/platform.h"
#include "support/http.h"
#include "support/test_database.h"

namespace icopilot::testing {
namespace {

const std::filesystem::path kHaproxyConfig =
    std::filesystem::path(ICOPILOT_SPEC_FIXTURES) / ".." / ".." / ".." / "examples" / "haproxy.cfg";
const std::vector<std::string> kInstances = {"a", "b", "c"};

// A port nobody listens on now (the balancer binds it right after).
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof(address);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string HostPort(const std::string& url) { return url.substr(std::string("http://").size()); }

std::string CookieFrom(const Reply& reply) {
  std::string header(reply.headers.Find("set-cookie").value_or(""));
  return header.substr(0, header.find(';'));
}

std::string ServedBy(const Reply& reply) {
  return std::string(reply.headers.Find("x-served-by").value_or(""));
}

class BalancedInstancesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!OnPostgres()) GTEST_SKIP() << "several instances share a PostgreSQL database";
    std::filesystem::create_directories(dir_.path() / "shared");
    database_ = DatabaseUrlFor(dir_.path() / "shared");
    CommandResult created =
        RunIcopilot({"admin", "create-org", "--data", Data("a").string(), "--name", "Vendor",
                     "--owner-email", "owner@v.test", "--format", "json"},
                    Env());
    ASSERT_EQ(created.exit_code, 0) << created.err;
    const boost::json::value org = boost::json::parse(created.out);
    key_ = std::string(org.at("api_key").as_string());
    password_ = std::string(org.at("password").as_string());
    // Every instance seals and opens secrets with the same key (docs/deploy.md).
    for (const char* name : {"b", "c"}) {
      std::filesystem::create_directories(Data(name));
      std::filesystem::copy_file(Data("a") / "secret.key", Data(name) / "secret.key");
    }
  }

  // The three instances with `extra` arguments, and the balancer in front.
  void StartAll(std::vector<std::string> extra = {}) {
    extra.insert(extra.end(), {"--run-lease", "2s", "--trusted-proxies", "127.0.0.1/32"});
    std::map<std::string, std::string> balancer_env;
    for (const std::string& name : kInstances) {
      instances_[name] = std::make_unique<ServerProcess>(Data(name), extra, Env());
      std::string variable = "ICOPILOT_" + name;
      for (char& c : variable) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      balancer_env[variable] = HostPort(instances_[name]->url());
    }
    const int port = FreePort();
    balancer_url_ = "http://127.0.0.1:" + std::to_string(port);
    balancer_env["ICOPILOT_BALANCER"] = "127.0.0.1:" + std::to_string(port);
    // The first line names the address (ServerProcess reads it); exec hands signals to
    // HAProxy itself.
    balancer_ = std::make_unique<ServerProcess>(
        dir_.path() / "haproxy",
        ServerProcess::Command{{"-c", "echo balancing on " + balancer_url_ +
                                          "; exec haproxy -db -f " + kHaproxyConfig.string()},
                               "sh"},
        balancer_env);
    // Until every instance has answered through the balancer.
    std::set<std::string> seen;
    for (int i = 0; i < 200 && seen.size() < kInstances.size(); ++i) {
      Reply reply = CallQuietly(balancer_url_ + "/api/v1/projects", key_);
      if (reply.status == 200) seen.insert(ServedBy(reply));
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ASSERT_EQ(seen.size(), kInstances.size()) << balancer_->Stderr();
  }

  // A GET that may meet nobody yet (HAProxy still starting): status 0 then, not a failure.
  static Reply CallQuietly(const std::string& url, const std::string& key) {
    net::ClientRequest request;
    request.url = url;
    request.headers.emplace_back("Authorization", "Bearer " + key);
    auto sent = net::SendHttp(request);
    Reply reply;
    if (!sent.ok()) return reply;
    reply.status = sent->status;
    reply.headers = std::move(sent->headers);
    return reply;
  }

  std::filesystem::path Data(const std::string& instance) const { return dir_.path() / instance; }
  std::map<std::string, std::string> Env() const { return {{"ICOPILOT_DATABASE", database_}}; }
  const std::string& Url(const std::string& instance) { return instances_.at(instance)->url(); }

  TempDir dir_;
  std::string database_;
  std::string key_;
  std::string password_;
  std::map<std::string, std::unique_ptr<ServerProcess>> instances_;
  std::unique_ptr<ServerProcess> balancer_;
  std::string balancer_url_;
};

TEST_F(BalancedInstancesTest, SignedInThroughOneActingThroughTheOthers) {
  StartAll();
  Reply login = Call("POST", balancer_url_ + "/api/v1/session", "",
                     R"({"email": "owner@v.test", "password": ")" + password_ + "\"}");
  ASSERT_EQ(login.status, 201) << login.body;
  const std::string cookie = CookieFrom(login);
  const std::string csrf(login.json().at("csrf_token").as_string());
  const std::string signed_in_on = ServedBy(login);

  // Writes with the session and its CSRF token, spread over every instance.
  std::set<std::string> served;
  for (int i = 0; i < 9; ++i) {
    Reply made = Call("POST", balancer_url_ + "/api/v1/projects", "",
                      R"({"name": "P)" + std::to_string(i) + "\"}",
                      {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    ASSERT_EQ(made.status, 201) << made.body;
    served.insert(ServedBy(made));
  }
  EXPECT_EQ(served.size(), 3u) << "round robin reaches every instance";
  EXPECT_TRUE(served.contains(signed_in_on));

  // One Idempotency-Key through two instances: one project.
  const std::vector<std::pair<std::string, std::string>> once = {
      {"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Idempotency-Key", "balanced-1"}};
  Reply first = Call("POST", balancer_url_ + "/api/v1/projects", "", R"({"name": "Once"})", once);
  Reply again = Call("POST", balancer_url_ + "/api/v1/projects", "", R"({"name": "Once"})", once);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_NE(ServedBy(first), ServedBy(again));
  EXPECT_EQ(IdOf(again), IdOf(first)) << again.body;

  // Signed out through the balancer: refused by every instance.
  ASSERT_EQ(Call("DELETE", balancer_url_ + "/api/v1/session", "", "",
                 {{"Cookie", cookie}, {"X-CSRF-Token", csrf}})
                .status,
            204);
  for (const std::string& name : kInstances) {
    EXPECT_EQ(Call("GET", Url(name) + "/api/v1/projects", "", "", {{"Cookie", cookie}}).status, 401)
        << name;
  }
}

TEST_F(BalancedInstancesTest, ARevokedKeyIsRefusedByAllThreeAtOnce) {
  StartAll();
  Reply made = Call("POST", balancer_url_ + "/api/v1/api-keys", key_, R"({"name": "ci"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string secret(made.json().at("secret").as_string());
  for (const std::string& name : kInstances) {
    EXPECT_EQ(Call("GET", Url(name) + "/api/v1/projects", secret).status, 200) << name;
  }
  ASSERT_EQ(Call("DELETE", balancer_url_ + "/api/v1/api-keys/" + IdOf(made), key_).status, 200);
  for (const std::string& name : kInstances) {
    EXPECT_EQ(Call("GET", Url(name) + "/api/v1/projects", secret).status, 401) << name;
  }
}

// 30 a minute per caller, asked 90 times in two seconds across three instances. Alone, each
// instance would let 30 through (90 in all); sharing, the budget is one, give or take what
// the others let through in their last 200 ms (docs/deploy.md).
TEST_F(BalancedInstancesTest, APartnersRateLimitHoldsAcrossTheThree) {
  StartAll({"--rate-limit", "api=30/min"});
  Reply made = Call("POST", balancer_url_ + "/api/v1/api-keys", key_, R"({"name": "partner"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string partner(made.json().at("secret").as_string());
  int allowed = 0, limited = 0;
  std::set<std::string> limited_by;
  for (int i = 0; i < 90; ++i) {
    Reply reply = Call("GET", balancer_url_ + "/api/v1/projects", partner);
    if (reply.status == 200) ++allowed;
    if (reply.status == 429) {
      ++limited;
      limited_by.insert(ServedBy(reply));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(allowed + limited, 90);
  EXPECT_GE(allowed, 29);
  EXPECT_LE(allowed, 40) << "each instance spent its own budget";
  EXPECT_EQ(limited_by.size(), 3u) << "every instance refuses once the budget is spent";
}

TEST_F(BalancedInstancesTest, AHostedMockIsOneMockAndFollowsANewVersionWithinASecond) {
  StartAll();
  OrdersMock orders = MakeOrdersMock(balancer_url_, key_);
  const std::string mock = balancer_url_ + "/mocks/" + orders.mock_id + "/v1";
  // Stateful: what one request creates, the next reads, through the balancer.
  std::set<std::string> created;
  for (int i = 0; i < 6; ++i) {
    Reply order = Call("POST", mock + "/orders", orders.mock_key,
                       R"({"item": "tea", "quantity": )" + std::to_string(i + 1) + "}",
                       {{"Idempotency-Key", "order-" + std::to_string(i)}});
    ASSERT_EQ(order.status, 201) << order.body;
    created.insert(std::string(order.headers.Find("location").value_or("")));
  }
  std::set<std::string> owners;
  for (const std::string& location : created) {
    Reply read = Call("GET", balancer_url_ + location, orders.mock_key);
    EXPECT_EQ(read.status, 200) << location << ": " << read.body;
    owners.insert(ServedBy(read));
  }
  EXPECT_EQ(owners.size(), 1u) << "one instance owns the mock";
  // The API about the mock answers from its owner: its requests list has every one.
  Reply journal =
      Call("GET", balancer_url_ + orders.api + "/mocks/" + orders.mock_id + "/requests", key_);
  ASSERT_EQ(journal.status, 200) << journal.body;
  EXPECT_EQ(ServedBy(journal), *owners.begin());
  const boost::json::value entries = journal.json();
  EXPECT_EQ(entries.at("items").as_array().size(), 12u) << journal.body;

  // A new version with a new operation, uploaded and chosen through instances that do not own
  // the mock: every instance serves it within a second.
  std::string document = ReadFile(kOrdersSpec);
  const std::string ping =
      "  /ping:\n    get:\n      operationId: ping\n      security: []\n"
      "      responses:\n        '200': {description: pong}\n";
  document.insert(document.find("  /status:\n"), ping);
  std::string others;
  for (const std::string& name : kInstances) {
    if (name != *owners.begin()) others = name;
    EXPECT_EQ(Call("GET", Url(name) + "/mocks/" + orders.mock_id + "/v1/ping", "").status, 404);
  }
  Reply version = Call("POST", Url(others) + orders.api + "/specs", key_,
                       R"({"label": "v2", "document": )" + JsonString(document) + "}");
  ASSERT_EQ(version.status, 201) << version.body;
  Reply moved = Call("PATCH", Url(others) + orders.api + "/mocks/" + orders.mock_id, key_,
                     R"({"spec_version_id": ")" + IdOf(version) + "\"}");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("spec_version_id").as_string(), IdOf(version));
  const auto changed_at = std::chrono::steady_clock::now();
  std::set<std::string> serving;
  while (serving.size() < kInstances.size() &&
         std::chrono::steady_clock::now() - changed_at < std::chrono::seconds(1)) {
    for (const std::string& name : kInstances) {
      if (Call("GET", Url(name) + "/mocks/" + orders.mock_id + "/v1/ping", "").status == 200)
        serving.insert(name);
    }
  }
  EXPECT_EQ(serving.size(), kInstances.size()) << "not every instance serves v2 a second later";
  // The owner kept what was created (a new version does not reset the mock).
  EXPECT_EQ(Call("GET", balancer_url_ + *created.begin(), orders.mock_key).status, 200);
}

TEST_F(BalancedInstancesTest, AKilledInstancesRunIsFinishedOnceByAnotherAndTheBalancerDropsIt) {
  StartAll();
  // Slow enough answers that the run is still going when its instance dies.
  OrdersMock orders = MakeOrdersMock(balancer_url_, key_, R"({"latency": "40ms"})");
  Reply queued =
      Call("POST", balancer_url_ + orders.api + "/runs", key_,
           R"({"spec_version_id": ")" + orders.version_id + R"(", "environment_id": "mock"})");
  ASSERT_EQ(queued.status, 202) << queued.body;
  const std::string run = balancer_url_ + orders.api + "/runs/" + IdOf(queued);

  // Which instance took it: its log says so.
  std::string runner;
  for (int i = 0; i < 300 && runner.empty(); ++i) {
    for (const std::string& name : kInstances) {
      const std::string out = instances_[name]->Stdout();
      if (out.find("run started") != std::string::npos &&
          out.find(IdOf(queued)) != std::string::npos)
        runner = name;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(runner.empty());
  boost::json::value seen;
  for (int i = 0; i < 300; ++i) {
    seen = Call("GET", run, key_).json();
    if (seen.at("summary").as_object().contains("done") &&
        seen.at("summary").at("done").as_int64() > 0)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(seen.at("status"), "running") << boost::json::serialize(seen);
  instances_[runner]->Kill();

  // Callers through the balancer never see the dead instance: refused connections go to
  // another, and the health checks take it out.
  boost::json::value finished;
  int failed_calls = 0;
  for (int i = 0; i < 600; ++i) {
    Reply reply = Call("GET", run, key_);
    if (reply.status != 200) {
      ++failed_calls;
      continue;
    }
    EXPECT_NE(ServedBy(reply), runner);
    finished = reply.json();
    if (finished.at("status") != "queued" && finished.at("status") != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(failed_calls, 0);
  ASSERT_EQ(finished.at("status"), "finished") << boost::json::serialize(finished);
  EXPECT_EQ(finished.at("attempts"), 2) << boost::json::serialize(finished);
  EXPECT_EQ(finished.at("resumed"), true);
  EXPECT_EQ(finished.at("passed"), true) << boost::json::serialize(finished);
  int resumed_by = 0;
  for (const std::string& name : kInstances) {
    if (name != runner && instances_[name]->Stdout().find("run resumed") != std::string::npos)
      ++resumed_by;
  }
  EXPECT_EQ(resumed_by, 1) << "taken over by exactly one instance";
}

}  // namespace
}  // namespace icopilot::testing
