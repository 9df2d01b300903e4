// Several `icopilot serve` instances on one database (a SQLite file shared by processes, or
// PostgreSQL in the suite's postgres. variant): what one instance is told, every instance
// knows, and background work an instance dies in the middle of is finished by another.
#include <chrono>
#include <filesystem>
#include <thread>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "integration/orders_mock.h"
#include "integration/platform.h"
#include "store/migrations.h"
#include "support/http.h"
#include "support/test_database.h"

namespace icopilot::testing {
namespace {

class InstancesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() / "shared");
    database_ = OnPostgres() ? DatabaseUrlFor(dir_.path() / "shared")
                             : "sqlite:" + (dir_.path() / "shared" / "icopilot.db").string();
    CommandResult created =
        RunIcopilot({"admin", "create-org", "--data", Data("a").string(), "--name", "Vendor",
                     "--owner-email", "owner@v.test", "--format", "json"},
                    Env());
    ASSERT_EQ(created.exit_code, 0) << created.err;
    key_ = std::string(boost::json::parse(created.out).at("api_key").as_string());
    // Every instance seals and opens secrets with the same key (docs/deploy.md).
    std::filesystem::create_directories(Data("b"));
    std::filesystem::copy_file(Data("a") / "secret.key", Data("b") / "secret.key");
  }

  std::filesystem::path Data(const std::string& instance) const { return dir_.path() / instance; }
  std::map<std::string, std::string> Env() const { return {{"ICOPILOT_DATABASE", database_}}; }
  std::unique_ptr<ServerProcess> Start(const std::string& instance) {
    return std::make_unique<ServerProcess>(Data(instance),
                                           std::vector<std::string>{"--run-lease", "2s"}, Env());
  }

  TempDir dir_;
  std::string database_;
  std::string key_;
};

TEST_F(InstancesTest, AKilledInstancesRunIsTakenOverAndFinishesOnce) {
  auto a = Start("a");
  // Slow enough answers that the run is still going when its instance dies.
  const OrdersMock orders = MakeOrdersMock(a->url(), key_, R"({"latency": "40ms"})");
  const std::string& api = orders.api;
  Reply queued =
      Call("POST", a->url() + api + "/runs", key_,
           R"({"spec_version_id": ")" + orders.version_id + R"(", "environment_id": "mock"})");
  ASSERT_EQ(queued.status, 202) << queued.body;
  const std::string run = api + "/runs/" + IdOf(queued);

  // Under way on A (B is not started yet, so A holds it), then A is killed.
  boost::json::value seen;
  for (int i = 0; i < 300; ++i) {
    seen = Call("GET", a->url() + run, key_).json();
    if (seen.at("status") == "running" && seen.at("summary").as_object().contains("done") &&
        seen.at("summary").at("done").as_int64() > 0)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(seen.at("status"), "running") << boost::json::serialize(seen);
  EXPECT_EQ(seen.at("attempts"), 1);
  auto b = Start("b");
  a->Kill();

  boost::json::value finished;
  for (int i = 0; i < 600; ++i) {
    finished = Call("GET", b->url() + run, key_).json();
    if (finished.at("status") != "queued" && finished.at("status") != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(finished.at("status"), "finished") << boost::json::serialize(finished) << b->Stderr();
  EXPECT_EQ(finished.at("attempts"), 2) << boost::json::serialize(finished);
  EXPECT_EQ(finished.at("resumed"), true);
  EXPECT_EQ(finished.at("passed"), true) << boost::json::serialize(finished);
  // Once: the cases stored are one attempt's, each position once.
  const boost::json::value cases = Call("GET", b->url() + run + "/cases", key_).json();
  const auto& items = cases.at("items").as_array();
  EXPECT_EQ(static_cast<std::int64_t>(items.size()), finished.at("summary").at("total").as_int64());
  for (std::size_t i = 0; i < items.size(); ++i)
    EXPECT_EQ(items[i].at("position").as_int64(), static_cast<std::int64_t>(i));
  EXPECT_NE(b->Stdout().find("run resumed"), std::string::npos) << b->Stdout();
}

TEST_F(InstancesTest, AKeyMadeOrRevokedThroughOneIsKnownToTheOtherAtOnce) {
  auto a = Start("a");
  auto b = Start("b");
  Reply made = Call("POST", a->url() + "/api/v1/api-keys", key_, R"({"name": "ci"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string secret(made.json().at("secret").as_string());
  EXPECT_EQ(Call("GET", b->url() + "/api/v1/projects", secret).status, 200);
  ASSERT_EQ(Call("DELETE", a->url() + "/api/v1/api-keys/" + IdOf(made), key_).status, 200);
  EXPECT_EQ(Call("GET", b->url() + "/api/v1/projects", secret).status, 401);
  EXPECT_EQ(Call("GET", a->url() + "/api/v1/projects", secret).status, 401);
}

// A hosted mock loaded on B, changed through A: B answers with the new settings within a
// second (PostgreSQL's NOTIFY).
TEST_F(InstancesTest, AMockChangedThroughOneIsServedChangedByTheOtherWithinASecond) {
  if (!OnPostgres()) GTEST_SKIP() << "changes reach other instances through PostgreSQL";
  auto a = Start("a");
  auto b = Start("b");
  const OrdersMock made = MakeOrdersMock(a->url(), key_);
  const std::string& api = made.api;
  const std::string& mock_key = made.mock_key;
  const std::string orders = b->url() + "/mocks/" + made.mock_id + "/v1/orders";
  ASSERT_EQ(Call("GET", orders, mock_key).status, 200) << "loaded on B";

  // Every listOrders call fails from now on.
  Reply changed = Call("PATCH", a->url() + api + "/mocks/" + made.mock_id, key_,
                       R"({"config": {"operations": {"listOrders": {"chaos": 1}}}})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  const auto changed_at = std::chrono::steady_clock::now();
  int status = 200;
  while (std::chrono::steady_clock::now() - changed_at < std::chrono::seconds(1)) {
    status = Call("GET", orders, mock_key).status;
    if (status >= 500) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GE(status, 500) << "B still serves the old settings a second after the change";

  // Deleted through A: gone on B too.
  ASSERT_EQ(Call("DELETE", a->url() + api + "/mocks/" + made.mock_id, key_).status, 204);
  const auto deleted_at = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - deleted_at < std::chrono::seconds(1)) {
    status = Call("GET", orders, mock_key).status;
    if (status == 404) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 404);
}

// A rolling upgrade seen from the instance not yet replaced: a newer release's first
// instance has migrated the shared database (docs/deploy.md, Upgrades). What the newer
// release adds, this one ignores and keeps serving beside it; a later release's migration
// that removes what this one uses takes it out of the balancer and stops it starting.
TEST_F(InstancesTest, AnOlderInstanceServesBesideANewerReleaseUntilASchemaLeavesItBehind) {
  auto older = Start("a");
  const int known = store::AllMigrations().back().version;
  auto newer_release = [&](int version, int oldest_reader, const std::vector<std::string>& sql) {
    auto db = OpenDataFolderDatabase(dir_.path() / "shared");
    ASSERT_TRUE(db.ok()) << db.status();
    for (const std::string& statement : sql) {
      ASSERT_TRUE((*db)->Execute(statement, {}).ok()) << statement;
    }
    ASSERT_TRUE((*db)
                    ->Execute("INSERT INTO schema_migrations (version, name, applied_at, "
                              "oldest_reader) VALUES (?, 'a newer release', 0, ?)",
                              {std::int64_t{version}, std::int64_t{oldest_reader}})
                    .ok());
  };
  // Expand: a table of its own and a column with a default on tables this binary writes.
  newer_release(known + 1, 0,
                {"CREATE TABLE newer_release_things (id TEXT PRIMARY KEY)",
                 "ALTER TABLE projects ADD COLUMN newer_release_flag INTEGER NOT NULL DEFAULT 0",
                 "ALTER TABLE mocks ADD COLUMN newer_release_note TEXT"});

  EXPECT_EQ(Call("GET", older->url() + "/readyz").status, 200);
  const OrdersMock orders = MakeOrdersMock(older->url(), key_);  // a project, a spec, a mock
  EXPECT_EQ(
      Call("GET", older->url() + "/mocks/" + orders.mock_id + "/v1/orders", orders.mock_key).status,
      200);
  older->Stop();
  older = Start("a");  // restarted (or rolled back) on the newer schema: starts and serves
  EXPECT_EQ(Call("GET", older->url() + "/readyz").status, 200);
  EXPECT_EQ(Call("GET", older->url() + orders.api, key_).status, 200);
  CommandResult check = RunIcopilot({"db", "check", "--data", Data("a").string()}, Env());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("newer"), std::string::npos) << check.out;

  // Contract: a later release's migration removed what this binary still reads, and says so
  // (what it removed is beside the point here: the record is what older binaries see).
  newer_release(known + 2, known + 1, {});
  Reply left_behind = Call("GET", older->url() + "/readyz");
  EXPECT_EQ(left_behind.status, 503);
  EXPECT_NE(
      left_behind.body.find("needs a binary with schema version " + std::to_string(known + 1)),
      std::string::npos)
      << left_behind.body;
  CommandResult restart = RunIcopilot({"db", "migrate", "--data", Data("a").string()}, Env());
  EXPECT_EQ(restart.exit_code, 2) << restart.out;
  EXPECT_NE(restart.err.find("removed what this one uses"), std::string::npos) << restart.err;
}

}  // namespace
}  // namespace icopilot::testing
