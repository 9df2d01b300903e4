// The outbox delivered to receivers started here (real HTTP over sockets, a real SQLite
// file), on a simulated clock: order per channel, signing, backoff through an hour-long
// outage, dead letters and their replay, and Slack's and Jira's formats.
#include "services/notification_dispatcher.h"

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "core/json.h"
#include "core/signed_payload.h"
#include "net/server.h"
#include "services/fake_clock.h"
#include "services/notification_events.h"
#include "store/notification_repository.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::services {
namespace {

// Records what it receives. While `status` is not 200 it answers that (503 while "down");
// otherwise it speaks the protocol the path names, as the real services answer: Jira's
// issue creation (/rest/api/2/issue: 401 without basic credentials, 400 with its
// errorMessages unless project, issue type and summary are there, else 201 with the
// issue's key), Slack's incoming webhook (/slack/...: 400 "invalid_payload" without text
// or blocks, else 200 "ok"), and a webhook's 204.
class Receiver final : public net::RequestHandler {
 public:
  net::Response Handle(net::Request& request) override {
    std::lock_guard lock(mutex);
    received.push_back(request);
    net::Response response;
    response.status = status.load();
    if (response.status != 200) return response;
    auto body = ParseJson(request.body);
    const bool object = body.ok() && body->is_object();
    if (request.path.ends_with("/rest/api/2/issue")) {
      const auto* fields = object ? body->as_object().if_contains("fields") : nullptr;
      if (!request.headers.Find("authorization").value_or("").starts_with("Basic ")) {
        response.status = 401;
      } else if (fields == nullptr || !fields->is_object() ||
                 !fields->as_object().contains("project") ||
                 !fields->as_object().contains("issuetype") ||
                 !fields->as_object().contains("summary")) {
        response.status = 400;
        response.body = R"({"errorMessages": [], "errors": {"project": "project is required"}})";
      } else {
        response.status = 201;
        response.body =
            R"({"id": "10001", "key": "PAY-1", "self": "https://jira/rest/api/2/issue/10001"})";
      }
    } else if (request.path.starts_with("/slack/")) {
      const bool has_text =
          object && (body->as_object().contains("text") || body->as_object().contains("blocks"));
      response.status = has_text ? 200 : 400;
      response.body = has_text ? "ok" : "invalid_payload";
    } else {
      response.status = 204;
    }
    return response;
  }
  bool RunsOnIoThread(const net::Request&) const override { return false; }
  void OnRejected(const net::Request&, const net::Response&) override {}

  std::vector<std::string> EventIds() {
    std::lock_guard lock(mutex);
    std::vector<std::string> ids;
    for (const auto& r : received)
      ids.emplace_back(r.headers.Find("x-copilot-event-id").value_or(""));
    return ids;
  }

  std::mutex mutex;
  std::vector<net::Request> received;
  std::atomic<int> status{200};
};

class NotificationDispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::OpenTestDatabase(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    auto box = SecretBox::LoadOrCreate(dir_.path() / "key");
    ASSERT_TRUE(box.ok());
    box_ = std::make_unique<SecretBox>(*box);
    net::ServerOptions options;
    options.port = 0;
    options.io_threads = 1;
    auto server = net::Server::Listen(options, receiver_);
    ASSERT_TRUE(server.ok());
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
    dispatcher_ = std::make_unique<NotificationDispatcher>(
        *db_, *box_, clock_,
        DispatcherOptions{.public_url = "https://copilot.example.com",
                          .allow_private_targets = true});
  }
  void TearDown() override {
    server_->Shutdown();
    thread_.join();
  }

  std::string AddChannel(const std::string& kind, const std::string& settings = "{}") {
    store::ChannelRecord c;
    c.id = "nch_" + std::to_string(++channels_);
    c.org_id = "org_v";
    c.project_id = "prj_1";
    c.kind = kind;
    c.name = kind;
    c.url = server_->url() + (kind == "slack" ? "/slack/" : "/hook/") + c.id;
    c.settings = settings;
    c.secret_sealed = box_->Seal(kind == "jira" ? "jira-token" : "whsec_test");
    c.events = R"(["run.failed", "run.recovered"])";
    EXPECT_TRUE(store::NotificationRepository(*db_).InsertChannel(c).ok());
    return c.id;
  }

  void Emit(const std::string& type, int n) {
    Event event;
    event.type = type;
    event.org_id = "org_v";
    event.project_id = "prj_1";
    event.title = "run " + std::to_string(n) + " <failed> & more";
    event.link = "/projects/prj_1/runs/run_" + std::to_string(n);
    event.data = {{"n", n}};
    ASSERT_TRUE(db_->InTransaction([&](store::SqlExecutor& tx) {
                     return EnqueueEvent(tx, event, clock_.NowMillis());
                   })
                    .ok());
  }

  std::vector<store::NotificationRecord> All(const std::string& status) {
    store::PageRequest request;
    request.limit = 100;
    auto page = store::NotificationRepository(*db_).ListNotifications("prj_1", status, request);
    EXPECT_TRUE(page.ok());
    return page->items;
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<SecretBox> box_;
  Receiver receiver_;
  std::unique_ptr<net::Server> server_;
  std::thread thread_;
  std::unique_ptr<NotificationDispatcher> dispatcher_;
  int channels_ = 0;
};

TEST_F(NotificationDispatcherTest, AWebhookGetsEachEventOnceInOrderSignedWithItsId) {
  AddChannel("webhook");
  for (int i = 1; i <= 5; ++i) Emit("run.failed", i);
  Emit("plan.phase_completed", 6);  // the channel does not take it
  EXPECT_EQ(*dispatcher_->DeliverDue(), 5);
  EXPECT_EQ(*dispatcher_->DeliverDue(), 0) << "nothing is sent twice";
  std::lock_guard lock(receiver_.mutex);
  ASSERT_EQ(receiver_.received.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    const auto& r = receiver_.received[i];
    auto event = ParseJson(r.body);
    ASSERT_TRUE(event.ok());
    EXPECT_EQ(event->at("data").at("n"), i + 1) << "in the order they happened";
    EXPECT_EQ(event->at("link").as_string(),
              "https://copilot.example.com/projects/prj_1/runs/run_" + std::to_string(i + 1));
    EXPECT_EQ(r.headers.Find("x-copilot-event-id").value_or(""), event->at("id").as_string());
    // The receiver's check: the documented scheme with the channel's secret.
    EXPECT_TRUE(VerifySignedPayload(r.headers.Find("x-copilot-signature").value_or(""), r.body,
                                    {"whsec_test"}, clock_.NowMillis() / 1000, 300)
                    .ok());
    EXPECT_FALSE(VerifySignedPayload(r.headers.Find("x-copilot-signature").value_or(""), r.body,
                                     {"another secret"}, clock_.NowMillis() / 1000, 300)
                     .ok());
  }
}

// Every instance runs a dispatcher: two on one database, working at once, still deliver
// each notification once and each channel's in order (a channel is leased to one).
TEST_F(NotificationDispatcherTest, TwoInstancesDeliverEachOnceInOrder) {
  auto other_db = testing::OpenTestDatabase(dir_.path());
  ASSERT_TRUE(other_db.ok()) << other_db.status();
  NotificationDispatcher other(**other_db, *box_, clock_,
                               DispatcherOptions{.public_url = "https://copilot.example.com",
                                                 .allow_private_targets = true});
  AddChannel("webhook");
  AddChannel("webhook");
  constexpr int kEvents = 30;
  for (int i = 1; i <= kEvents; ++i) Emit("run.failed", i);
  std::atomic<int> delivered = 0;
  auto work = [&](NotificationDispatcher& dispatcher) {
    for (int pass = 0; pass < 200 && delivered < 2 * kEvents; ++pass) {
      auto sent = dispatcher.DeliverDue();
      ASSERT_TRUE(sent.ok()) << sent.status();
      delivered += *sent;
    }
  };
  std::thread here([&] { work(*dispatcher_); });
  std::thread there([&] { work(other); });
  here.join();
  there.join();
  EXPECT_EQ(delivered, 2 * kEvents);
  std::lock_guard lock(receiver_.mutex);
  ASSERT_EQ(receiver_.received.size(), 2u * kEvents) << "a notification was sent twice";
  std::map<std::string, std::vector<int>> by_channel;
  for (const auto& r : receiver_.received) {
    auto event = ParseJson(r.body);
    ASSERT_TRUE(event.ok());
    by_channel[r.path].push_back(static_cast<int>(event->at("data").at("n").as_int64()));
  }
  ASSERT_EQ(by_channel.size(), 2u);
  for (const auto& [path, ns] : by_channel) {
    std::vector<int> expected(kEvents);
    for (int i = 0; i < kEvents; ++i) expected[i] = i + 1;
    EXPECT_EQ(ns, expected) << path << " out of order or with gaps";
  }
}

TEST_F(NotificationDispatcherTest, AReceiverDownForAnHourGetsEverythingAfterInOrder) {
  AddChannel("webhook");
  receiver_.status = 503;
  for (int i = 1; i <= 4; ++i) Emit("run.failed", i);
  // An hour of attempts at the pace of the backoff: only the head is tried, never dead.
  std::int64_t waited = 0;
  int passes = 0;
  while (waited < 3600'000) {
    EXPECT_EQ(*dispatcher_->DeliverDue(), 0);
    clock_.Advance(30'000);
    waited += 30'000;
    ++passes;
  }
  {
    std::lock_guard lock(receiver_.mutex);
    EXPECT_GT(receiver_.received.size(), 5u);
    EXPECT_LT(receiver_.received.size(), 20u) << "the backoff spaces the attempts";
    for (const auto& r : receiver_.received)
      EXPECT_EQ(ParseJson(r.body)->at("data").at("n"), 1) << "those behind the head wait";
  }
  EXPECT_TRUE(All("dead").empty());
  EXPECT_EQ(All("pending").size(), 4u);
  receiver_.status = 200;
  clock_.Advance(10 * 60'000);
  EXPECT_EQ(*dispatcher_->DeliverDue(), 4);
  std::vector<int> order;
  {
    std::lock_guard lock(receiver_.mutex);
    for (const auto& r : receiver_.received)
      if (auto n = ParseJson(r.body)->at("data").at("n").as_int64();
          order.empty() || order.back() != n)
        order.push_back(static_cast<int>(n));
  }
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(All("delivered").size(), 4u);
}

TEST_F(NotificationDispatcherTest, RetriesRunOutIntoADeadLetterThatCanBeReplayed) {
  AddChannel("webhook");
  receiver_.status = 500;
  Emit("run.failed", 1);
  Emit("run.failed", 2);
  for (int i = 0; i < 40; ++i) {
    (void)dispatcher_->DeliverDue();
    clock_.Advance(NotificationDispatcher::BackoffMs(20));
  }
  auto dead = All("dead");
  ASSERT_EQ(dead.size(), 2u) << "the first died, then the second behind it";
  EXPECT_EQ(dead[0].attempts, 20);
  EXPECT_EQ(dead[0].last_status, 500);
  EXPECT_NE(dead[0].last_error.find("HTTP 500"), std::string::npos);
  receiver_.status = 200;
  ASSERT_TRUE(
      store::NotificationRepository(*db_).Replay("prj_1", dead[1].id, clock_.NowMillis()).ok());
  EXPECT_EQ(*dispatcher_->DeliverDue(), 1);
  EXPECT_EQ(All("dead").size(), 1u);
  EXPECT_FALSE(
      store::NotificationRepository(*db_).Replay("prj_1", dead[1].id, clock_.NowMillis()).ok())
      << "only a dead one is replayed";
}

TEST_F(NotificationDispatcherTest, SlackGetsBlockKitAndJiraAnIssueLinkingBack) {
  AddChannel("slack");
  AddChannel(
      "jira",
      R"({"project_key": "PAY", "issue_type": "Bug", "labels": ["partner"], "email": "ops@vendor.test"})");
  Emit("run.failed", 7);
  EXPECT_EQ(*dispatcher_->DeliverDue(), 2) << "both services accepted what they were sent";
  std::set<std::int64_t> answered;
  for (const auto& n : All("delivered")) answered.insert(n.last_status);
  EXPECT_EQ(answered, (std::set<std::int64_t>{200, 201})) << "Slack's ok, Jira's created";
  std::lock_guard lock(receiver_.mutex);
  ASSERT_EQ(receiver_.received.size(), 2u);
  for (const auto& r : receiver_.received) {
    auto body = ParseJson(r.body);
    ASSERT_TRUE(body.ok()) << r.body;
    if (r.path.starts_with("/slack/nch_1")) {
      EXPECT_EQ(body->at("text"), "run 7 <failed> & more");
      const std::string section(body->at("blocks").at(0).at("text").at("text").as_string());
      EXPECT_EQ(section,
                "*<https://copilot.example.com/projects/prj_1/runs/run_7|run 7 &lt;failed&gt; "
                "&amp; more>*");
      EXPECT_EQ(body->at("blocks").at(2).at("elements").at(0).at("url"),
                "https://copilot.example.com/projects/prj_1/runs/run_7");
    } else {
      EXPECT_EQ(r.path, "/hook/nch_2/rest/api/2/issue");
      EXPECT_EQ(r.headers.Find("authorization").value_or(""),
                "Basic " + EncodeBase64("ops@vendor.test:jira-token"));
      const auto& fields = body->at("fields");
      EXPECT_EQ(fields.at("project").at("key"), "PAY");
      EXPECT_EQ(fields.at("issuetype").at("name"), "Bug");
      EXPECT_EQ(fields.at("labels").at(0), "partner");
      EXPECT_NE(std::string(fields.at("description").as_string())
                    .find("https://copilot.example.com/projects/prj_1/runs/run_7"),
                std::string::npos);
    }
  }
}

TEST_F(NotificationDispatcherTest, ABacklogOfOneChannelDoesNotHoldAnother) {
  const std::string slow = AddChannel("webhook");
  AddChannel("webhook");
  Emit("run.failed", 1);
  // The first channel's receiver is gone for good; the second's still gets its events.
  ASSERT_TRUE(db_->Execute("UPDATE notification_channels SET url = ? WHERE id = ?",
                           {std::string("http://127.0.0.1:1/closed"), slow})
                  .ok());
  EXPECT_EQ(*dispatcher_->DeliverDue(), 1);
  EXPECT_EQ(All("pending").size(), 1u);
  EXPECT_EQ(All("pending")[0].channel_id, slow);
  EXPECT_NE(All("pending")[0].last_error, "");
}

// The dispatcher's own thread, woken as events are queued from others (ThreadSanitizer
// runs this): everything queued is delivered once, in order, and Stop returns.
TEST_F(NotificationDispatcherTest, ItsThreadDeliversWhatOtherThreadsQueue) {
  AddChannel("webhook");
  dispatcher_->Start();
  std::vector<std::thread> emitters;
  for (int t = 0; t < 3; ++t)
    emitters.emplace_back([this, t] {
      for (int i = 0; i < 10; ++i) {
        Emit("run.failed", t * 100 + i);
        dispatcher_->Notify();
      }
    });
  for (auto& e : emitters) e.join();
  for (int waited = 0; receiver_.EventIds().size() < 30 && waited < 1000; ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  dispatcher_->Stop();
  const auto ids = receiver_.EventIds();
  EXPECT_EQ(ids.size(), 30u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 30u) << "none twice";
  // Each emitter's events arrive in the order it queued them.
  std::map<int, int> last;
  std::lock_guard lock(receiver_.mutex);
  for (const auto& r : receiver_.received) {
    const int n = static_cast<int>(ParseJson(r.body)->at("data").at("n").as_int64());
    EXPECT_GT(n, last.contains(n / 100) ? last[n / 100] : -1);
    last[n / 100] = n;
  }
}

}  // namespace
}  // namespace icopilot::services
