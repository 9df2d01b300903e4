// Traces in `icopilot serve`, through the real binary over sockets: signed ingest (good,
// wrong, stale, future, replayed and unknown-environment signatures; secret rotation with
// a grace period), per-item results and atomic batches, redaction checked on the SQLite
// file itself, HAR uploads, partners seeing only their own traces, retention, and every
// acknowledged trace surviving kill -9.
#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/strings.h"
#include "integration/platform.h"
#include "integration/trace_signing.h"
#include "net/http_client.h"
#include "store/database.h"
#include "support/http.h"
#include "support/test_database.h"

namespace icopilot::testing {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(ICOPILOT_SPEC_FIXTURES) / "..";
const std::filesystem::path kOrders = kFixtures / ".." / "golden" / "specs" / "orders.yaml";
const std::filesystem::path kHar = kFixtures / ".." / "traces" / "fixtures" / "orders.har";

// A raw trace line: a createOrder call with personal data in it.
std::string OrderTrace(int quantity, const std::string& partner_id = "",
                       const std::string& started_at = Ago(60)) {
  boost::json::object trace{
      {"started_at", started_at},
      {"duration_ms", 12.5},
      {"request",
       {{"method", "POST"},
        {"url", "https://api.example.com/v1/orders?email=ana@shop.example"},
        {"headers",
         boost::json::array{boost::json::array{"content-type", "application/json"},
                            boost::json::array{"idempotency-key", "k-1"},
                            boost::json::array{"authorization", "Bearer sk_live_abc123"}}},
        {"body", StrCat(R"({"item": "ana@shop.example 4111 1111 1111 1111", "quantity": )",
                        quantity, "}")}}},
      {"response",
       {{"status", 201},
        {"headers", {{"content-type", "application/json"}, {"location", "/v1/orders/o-1"}}},
        {"body", StrCat(R"({"id": "o-1", "item": "x", "quantity": )", quantity,
                        R"(, "status": "open", "iban": "DE89 3704 0044 0532 0130 00"})")}}}};
  if (!partner_id.empty()) trace["partner_id"] = partner_id;
  return boost::json::serialize(trace);
}

class TraceIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(data(), "Vendor", "owner@v.test");
    Start();
    project_ = Id(Call("POST", Url("/api/v1/projects"), vendor_.api_key, R"({"name": "Orders"})"));
    Reply version = Call("POST", Api("/specs"), vendor_.api_key,
                         R"({"label": "v1", "document": )" + JsonString(ReadFile(kOrders)) + "}");
    ASSERT_EQ(version.status, 201) << version.body;
    Reply env = Call("POST", Api("/environments"), vendor_.api_key,
                     R"({"name": "Sandbox", "base_url": "https://sandbox.example.com/v1"})");
    ASSERT_EQ(env.status, 201) << env.body;
    environment_ = Id(env);
    secret_ = Rotate(86400);
    ASSERT_FALSE(secret_.empty());
  }

  std::filesystem::path data() const { return dir_.path() / "data"; }
  void Start(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--access-log", "off"});
    server_ = std::make_unique<ServerProcess>(data(), extra);
  }
  static std::string Id(const Reply& reply) { return IdOf(reply); }
  std::string Url(const std::string& path) const { return server_->url() + path; }
  std::string Api(const std::string& rest) const {
    return Url("/api/v1/projects/" + project_ + rest);
  }
  std::string IngestUrl(const std::string& query = "") const {
    return Url("/api/v1/environments/" + environment_ + "/traces" + query);
  }
  std::string Rotate(int grace_seconds) {
    Reply created = Call("POST", Api("/environments/" + environment_ + "/trace-secrets"),
                         vendor_.api_key, StrCat(R"({"grace_seconds": )", grace_seconds, "}"));
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? std::string(created.json().at("secret").as_string()) : "";
  }
  Reply Ingest(const std::string& body, const std::string& signature,
               const std::string& query = "") {
    return Call("POST", IngestUrl(query), "", body,
                {{"content-type", "application/x-ndjson"}, {"x-copilot-signature", signature}});
  }
  Reply Signed(const std::string& body, const std::string& query = "") {
    return Ingest(body, Signature(secret_, body), query);
  }
  // Every stored trace row's text, read from the database, not through the API.
  std::vector<std::string> StoredRows() {
    auto db = OpenDataFolderDatabase(data());
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return {};
    auto rows = (*db)->Query("SELECT id, record, operation_id, partner_org_id FROM traces", {});
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::vector<std::string> out;
    for (const auto& row : *rows)
      out.push_back(StrCat(row.Text(0), " ", row.Text(1), " ", row.Text(2), " ", row.Text(3)));
    return out;
  }
  std::int64_t Count() { return static_cast<std::int64_t>(StoredRows().size()); }

  TempDir dir_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> server_;
  std::string project_, environment_, secret_;
};

TEST_F(TraceIngestTest, ASignedBatchIsCheckedRedactedAndStoredItemByItem) {
  const std::string body = OrderTrace(2) + "\n" + OrderTrace(500) + "\n" +
                           R"({"request": {"url": "/v1/orders"}})" + "\n";
  Reply reply = Signed(body);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json().at("accepted"), 2) << reply.body;
  const auto rejected = reply.json().at("rejected").as_array();
  ASSERT_EQ(rejected.size(), 1u) << reply.body;
  EXPECT_EQ(rejected[0].at("line"), 3) << reply.body;
  EXPECT_NE(std::string(rejected[0].at("reason").as_string()).find("request.method"),
            std::string::npos)
      << reply.body;

  // What is stored holds none of the personal data or credentials, on disk.
  const auto rows = StoredRows();
  ASSERT_EQ(rows.size(), 2u);
  for (const std::string& row : rows) {
    for (const char* raw : {"ana@shop.example", "4111 1111 1111 1111", "sk_live_abc123",
                            "DE89 3704 0044 0532 0130 00", "0532013000"})
      EXPECT_EQ(row.find(raw), std::string::npos) << raw << " stored in " << row;
    EXPECT_NE(row.find("[card:****1111]"), std::string::npos) << row;
    EXPECT_NE(row.find("[email:***@shop.example]"), std::string::npos) << row;
    EXPECT_NE(row.find("Bearer [credential]"), std::string::npos) << row;
    EXPECT_NE(row.find("createOrder"), std::string::npos) << "matched its operation: " << row;
  }

  // The quantity of 500 breaks the schema on both sides; 2 does not.
  Reply bad = Call("GET", Api("/traces?violation=any"), vendor_.api_key);
  ASSERT_EQ(bad.status, 200) << bad.body;
  ASSERT_EQ(bad.json().at("items").as_array().size(), 1u) << bad.body;
  const std::string bad_id(bad.json().at("items").at(0).at("id").as_string());
  Reply detail = Call("GET", Api("/traces/" + bad_id), vendor_.api_key);
  ASSERT_EQ(detail.status, 200) << detail.body;
  std::set<std::string> sides;
  const boost::json::array violations = detail.json().at("trace").at("violations").as_array();
  for (const auto& violation : violations)
    sides.insert(std::string(violation.at("side").as_string()));
  EXPECT_EQ(sides, (std::set<std::string>{"request", "response"})) << detail.body;
  EXPECT_EQ(Call("GET", Api("/traces?violation=none"), vendor_.api_key)
                .json()
                .at("items")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(Call("GET", Api("/traces?operation_id=createOrder&status=201&limit=1"), vendor_.api_key)
                .json()
                .at("items")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(Call("GET", Api("/traces?from=" + Ago(-86400)), vendor_.api_key)
                .json()
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(Call("GET", Api("/traces?from=yesterday"), vendor_.api_key).status, 422);
}

TEST_F(TraceIngestTest, BadSignaturesAreRefusedWithTheReasonAndNothingIsStored) {
  const std::string body = OrderTrace(2);
  const std::int64_t now = std::time(nullptr);
  struct Case {
    std::string signature;
    std::string reason;
  } cases[] = {
      {"", "missing X-Copilot-Signature"},
      {"v1=abc", "malformed signature"},
      {Signature("not-the-secret", body), "bad signature"},
      {Signature(secret_, body + " "), "bad signature"},
      {Signature(secret_, body, now - 301), "stale signature"},
      {Signature(secret_, body, now + 400), "in the future"},
  };
  for (const Case& c : cases) {
    Reply reply = Ingest(body, c.signature);
    EXPECT_EQ(reply.status, 401) << c.signature << " " << reply.body;
    EXPECT_NE(reply.body.find(c.reason), std::string::npos) << reply.body;
  }
  Reply unknown = Call("POST", Url("/api/v1/environments/env_nope/traces"), "", body,
                       {{"x-copilot-signature", Signature(secret_, body)}});
  EXPECT_EQ(unknown.status, 401) << unknown.body;
  EXPECT_NE(unknown.body.find("unknown environment"), std::string::npos) << unknown.body;
  EXPECT_EQ(Count(), 0);

  // The same signed request twice: the second is a replay.
  const std::string signature = Signature(secret_, body);
  EXPECT_EQ(Ingest(body, signature).status, 200);
  Reply replay = Ingest(body, signature);
  EXPECT_EQ(replay.status, 401) << replay.body;
  EXPECT_NE(replay.body.find("replayed"), std::string::npos) << replay.body;
  EXPECT_EQ(Count(), 1);
}

TEST_F(TraceIngestTest, RotationKeepsTheOldSecretForTheGracePeriodOnly) {
  const std::string first = secret_;
  const std::string second = Rotate(3600);
  ASSERT_NE(first, second);
  EXPECT_EQ(Ingest(OrderTrace(1), Signature(first, OrderTrace(1))).status, 200);
  EXPECT_EQ(Ingest(OrderTrace(3), Signature(second, OrderTrace(3))).status, 200);
  const std::string third = Rotate(0);
  EXPECT_EQ(Ingest(OrderTrace(4), Signature(first, OrderTrace(4))).status, 401);
  EXPECT_EQ(Ingest(OrderTrace(5), Signature(second, OrderTrace(5))).status, 401);
  EXPECT_EQ(Ingest(OrderTrace(6), Signature(third, OrderTrace(6))).status, 200);
  Reply list =
      Call("GET", Api("/environments/" + environment_ + "/trace-secrets"), vendor_.api_key);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json().at("items").as_array().size(), 3u);
  for (const std::string& secret : {first, second, third})
    EXPECT_EQ(list.body.find(secret), std::string::npos) << "secrets are shown once";
  EXPECT_EQ(Count(), 3);
}

TEST_F(TraceIngestTest, AtomicBatchesAndUnreadableBodiesAreRefusedWhole) {
  const std::string mixed = "[" + OrderTrace(2) + R"(, {"request": 7}])";
  Reply atomic = Signed(mixed, "?atomic=true");
  EXPECT_EQ(atomic.status, 422) << atomic.body;
  EXPECT_EQ(atomic.json().at("rejected").at(0).at("index"), 1) << atomic.body;
  EXPECT_EQ(Count(), 0);
  Reply lenient = Signed(mixed);
  EXPECT_EQ(lenient.status, 200) << lenient.body;
  EXPECT_EQ(lenient.json().at("accepted"), 1) << lenient.body;

  const std::string broken = OrderTrace(2) + "\n{\"request\": \n" + OrderTrace(3);
  Reply malformed = Signed(broken);
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_NE(malformed.body.find("line 2"), std::string::npos) << malformed.body;
  Reply array = Signed("[" + OrderTrace(2) + ",");
  EXPECT_EQ(array.status, 400) << array.body;
  EXPECT_NE(array.body.find("offset"), std::string::npos) << array.body;
  EXPECT_EQ(Count(), 1);
}

TEST_F(TraceIngestTest, PartnersSeeOnlyTheirOwnTracesAndActivityPerPartner) {
  Reply partner = Call("POST", Api("/partners"), vendor_.api_key,
                       R"({"name": "Partner P", "admin_email": "admin@p.test"})");
  ASSERT_EQ(partner.status, 201) << partner.body;
  const std::string partner_key(partner.json().at("api_key").at("secret").as_string());
  const std::string partner_id(partner.json().at("org").at("id").as_string());
  const std::string first = Ago(7200);
  const std::string body = OrderTrace(2, partner_id, first) + "\n" +
                           OrderTrace(500, partner_id, Ago(3600)) + "\n" + OrderTrace(2) + "\n" +
                           OrderTrace(2, "org_not_a_partner");
  Reply reply = Signed(body);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json().at("accepted"), 3) << reply.body;
  EXPECT_NE(reply.body.find("not a partner org"), std::string::npos) << reply.body;

  Reply mine = Call("GET", Api("/traces"), partner_key);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json().at("items").as_array().size(), 2u) << mine.body;
  EXPECT_EQ(Call("GET", Api("/traces"), vendor_.api_key).json().at("items").as_array().size(), 3u);
  Reply all = Call("GET", Api("/traces"), vendor_.api_key);
  const boost::json::array all_items = all.json().at("items").as_array();
  for (const auto& item : all_items) {
    const std::string id(item.at("id").as_string());
    EXPECT_EQ(Call("GET", Api("/traces/" + id), partner_key).status,
              item.at("partner_id").is_null() ? 404 : 200)
        << id;
  }

  Reply activity = Call("GET", Api("/trace-activity?days=366"), partner_key);
  ASSERT_EQ(activity.status, 200) << activity.body;
  const auto partners = activity.json().at("partners").as_array();
  ASSERT_EQ(partners.size(), 1u) << activity.body;
  EXPECT_EQ(partners[0].at("calls"), 2);
  EXPECT_EQ(partners[0].at("first_call_at"), boost::json::value(first)) << activity.body;
  EXPECT_EQ(partners[0].at("first_success_at"), boost::json::value(first)) << activity.body;
}

TEST_F(TraceIngestTest, HarUploadsBecomeRedactedTracesAndNotHarIsRefused) {
  Reply reply = Call("POST", Api("/environments/" + environment_ + "/traces/har"), vendor_.api_key,
                     ReadFile(kHar));
  ASSERT_EQ(reply.status, 200) << reply.body;
  // The fixture's fourth entry has no URL: listed with its index, not dropped silently.
  EXPECT_EQ(reply.json().at("accepted"), 3) << reply.body;
  EXPECT_EQ(reply.json().at("rejected").at(0).at("index"), 3) << reply.body;
  const auto rows = StoredRows();
  ASSERT_EQ(rows.size(), 3u);
  for (const std::string& row : rows) {
    EXPECT_EQ(row.find("ana@shop.example"), std::string::npos) << row;
    EXPECT_EQ(row.find("4111111111111111"), std::string::npos) << row;
    EXPECT_EQ(row.find("eyJhbGciOiJIUzI1NiJ9"), std::string::npos) << row;
  }
  Reply not_har = Call("POST", Api("/environments/" + environment_ + "/traces/har"),
                       vendor_.api_key, R"({"entries": []})");
  EXPECT_EQ(not_har.status, 422) << not_har.body;
  EXPECT_NE(not_har.body.find("not a HAR file"), std::string::npos) << not_har.body;
}

TEST_F(TraceIngestTest, VendorRulesRedactAndRetentionKeepsTheNewest) {
  Reply bad = Call("PUT", Api("/trace-settings"), vendor_.api_key,
                   R"({"patterns": [{"name": "ref", "pattern": "ORD-("}]})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("'ref'"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find(R"("pointer":"/patterns/0/pattern")"), std::string::npos)
      << "a form marks the pattern's own line: " << bad.body;
  Reply bad_pointer = Call("PUT", Api("/trace-settings"), vendor_.api_key,
                           R"({"pointers": ["/card", "card/number"]})");
  EXPECT_EQ(bad_pointer.status, 422) << bad_pointer.body;
  EXPECT_NE(bad_pointer.body.find(R"("pointer":"/pointers/1")"), std::string::npos)
      << bad_pointer.body;
  auto settings = [&](int max_count) {
    return Call("PUT", Api("/trace-settings"), vendor_.api_key,
                StrCat(R"({"patterns": [{"name": "order-ref", "pattern": "o-[0-9]+"}],
                           "pointers": ["/status"],
                           "retention": {"max_age_days": 30, "max_count": )",
                       max_count, "}}"));
  };
  ASSERT_EQ(settings(10).status, 200);
  std::vector<std::string> sent;
  for (int i = 0; i < 4; ++i) {
    sent.push_back(Ago(100 - i));
    ASSERT_EQ(Signed(OrderTrace(2, "", sent.back())).status, 200);
  }
  ASSERT_EQ(Signed(OrderTrace(2, "", Ago(40 * 86400))).status, 200);  // past max_age_days
  for (const std::string& row : StoredRows()) {
    EXPECT_EQ(row.find("o-1"), std::string::npos) << row;
    EXPECT_NE(row.find("[order-ref]"), std::string::npos) << row;
    EXPECT_NE(row.find(R"(\"status\":\"[redacted]\")"), std::string::npos) << row;
  }
  // Retention runs in the background at start (and every ten minutes).
  auto restart_and_list = [&](std::size_t expected) {
    server_->Stop();
    Start();
    Reply left;
    for (int i = 0; i < 100; ++i) {
      left = Call("GET", Api("/traces"), vendor_.api_key);
      if (left.status != 200 || left.json().at("items").as_array().size() <= expected) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(left.status, 200) << left.body;
    return left.status == 200 ? left.json().at("items").as_array() : boost::json::array();
  };
  EXPECT_EQ(restart_and_list(4).size(), 4u) << "the 40-day-old trace is gone, by age";
  ASSERT_EQ(settings(2).status, 200);
  const boost::json::array items = restart_and_list(2);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("started_at"), boost::json::value(sent[3])) << "the newest two stay";
  EXPECT_EQ(items[1].at("started_at"), boost::json::value(sent[2]));
}

TEST_F(TraceIngestTest, TheProxyInServeRelaysForKeyHoldersAddsCredentialsAndRecordsTraces) {
  ServerProcess mock(dir_.path() / "mock",
                     ServerProcess::Command{{"mock", kOrders.string(), "--port", "0", "--stateful",
                                             "--strict-auth", "--api-key", "env-key-1"}});
  ASSERT_FALSE(mock.url().empty()) << mock.Stderr();
  Reply partner = Call("POST", Api("/partners"), vendor_.api_key,
                       R"({"name": "Partner P", "admin_email": "admin@p.test"})");
  ASSERT_EQ(partner.status, 201) << partner.body;
  const std::string partner_key(partner.json().at("api_key").at("secret").as_string());
  const std::string partner_id(partner.json().at("org").at("id").as_string());
  Reply env = Call("POST", Api("/environments"), vendor_.api_key,
                   R"({"name": "Local", "base_url": ")" + mock.url() +
                       R"(/v1", "credentials": {"api_key": "env-key-1"}})");
  ASSERT_EQ(env.status, 201) << env.body;
  const std::string local = Id(env);
  auto proxied = [&] { return Url("/proxy/" + local + "/orders"); };
  auto as = [](const std::string& key) {
    return std::vector<std::pair<std::string, std::string>>{{"x-copilot-key", key}};
  };

  // A loopback base URL is refused unless the server allows private targets.
  Reply refused = Call("GET", proxied(), "", "", as(partner_key));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("--allow-private-targets"), std::string::npos) << refused.body;
  server_->Stop();
  Start({"--allow-private-targets"});

  EXPECT_EQ(Call("GET", proxied()).status, 401);
  EXPECT_EQ(Call("GET", proxied(), "", "", as("icp_wrong")).status, 401);
  EXPECT_EQ(Call("GET", Url("/proxy/env_nope/orders"), "", "", as(partner_key)).status, 404);
  // Without proxy_credentials the partner's request goes as it is: the API wants a key.
  const std::string products = Url("/proxy/" + local + "/products");
  Reply bare = Call("GET", products, "", "", as(partner_key));
  EXPECT_EQ(bare.status, 401) << "the upstream's own answer: " << bare.body;
  ASSERT_EQ(Call("PATCH", Api("/environments/" + local), vendor_.api_key,
                 R"({"proxy_credentials": true})")
                .status,
            200);
  Reply listed = Call("GET", products + "?limit=5", "", "", as(partner_key));
  EXPECT_EQ(listed.status, 200) << listed.body;
  Reply created =
      Call("POST", proxied(), "", R"({"item": "for ana@shop.example", "quantity": 500})",
           {{"x-copilot-key", partner_key}, {"idempotency-key", "k-9"}});
  EXPECT_EQ(created.status, 401) << "the mock wants an OAuth token here: " << created.body;

  // Each exchange is a trace of the partner; what was forwarded holds no X-Copilot-Key.
  Reply traces;
  for (int i = 0; i < 100; ++i) {
    traces = Call("GET", Api("/traces?environment_id=" + local), partner_key);
    if (traces.json().at("items").as_array().size() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const boost::json::array items = traces.json().at("items").as_array();
  ASSERT_EQ(items.size(), 3u) << traces.body;
  for (const auto& item : items) {
    EXPECT_EQ(item.at("source"), "proxy");
    EXPECT_EQ(item.at("partner_id"), boost::json::value(partner_id));
  }
  for (const std::string& row : StoredRows()) {
    EXPECT_EQ(row.find("x-copilot-key"), std::string::npos) << row;
    EXPECT_EQ(row.find(partner_key), std::string::npos) << row;
    EXPECT_EQ(row.find("env-key-1"), std::string::npos) << row;
    EXPECT_EQ(row.find("ana@shop.example"), std::string::npos) << row;
  }
  Reply invalid = Call("GET", Api("/traces?violation=maximum"), partner_key);
  ASSERT_EQ(invalid.json().at("items").as_array().size(), 1u) << invalid.body;
}

TEST_F(TraceIngestTest, EveryAcknowledgedTraceSurvivesKillNine) {
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<int> requests{0};
  std::thread sender([&] {
    for (int batch = 0; !stop.load(); ++batch) {
      std::string body;
      for (int i = 0; i < 20; ++i) body += OrderTrace(1 + (batch + i) % 50) + "\n";
      net::ClientRequest request{.method = "POST", .url = IngestUrl(), .body = body};
      request.headers = {{"x-copilot-signature", Signature(secret_, body)}};
      request.timeout = std::chrono::seconds(10);
      auto reply = net::SendHttp(request);
      ++requests;
      // A request the dying server did not answer with 200 was not acknowledged.
      if (!reply.ok() || reply->status != 200) continue;
      auto parsed = boost::json::parse(reply->body);
      std::lock_guard lock(mutex);
      for (const auto& id : parsed.at("trace_ids").as_array())
        acknowledged.emplace_back(id.as_string());
    }
  });
  while (requests.load() < 15) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(server_->Kill(), 128 + SIGKILL);
  stop = true;
  sender.join();

  std::vector<std::string> expected;
  {
    std::lock_guard lock(mutex);
    expected = acknowledged;
  }
  ASSERT_GE(expected.size(), 200u);
  Start();
  std::set<std::string> stored;
  for (const std::string& row : StoredRows()) stored.insert(row.substr(0, row.find(' ')));
  for (const std::string& id : expected) EXPECT_TRUE(stored.contains(id)) << id << " was lost";
  std::printf("kill -9 after %d requests: %zu traces acknowledged, %zu stored, none lost\n",
              requests.load(), expected.size(), stored.size());
}

}  // namespace
}  // namespace icopilot::testing
