#include <random>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/trace_repository.h"
#include "store/user_repository.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::store {
namespace {

constexpr std::int64_t kDay = 86'400'000;

// The activity is kept as traces are stored (trace_daily); it must say what a count over
// the traces themselves says, however the traces arrive in batches.
class TraceActivityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    auto opened = testing::OpenTestDatabase(dir_.path());
    ASSERT_TRUE(opened.ok()) << opened.status();
    db_ = std::move(*opened);
    auto org = OrgRepository(*db_).Create("vendor", "vendor", 1);
    auto user = UserRepository(*db_).Create(org->id, "o@x.test", "o", Role::kOwner, "hash", 1);
    vendor_ = Scope{org->id, user->id, Role::kOwner};
    project_ = ProjectRepository(*db_).Create(vendor_, "P", "", 1)->id;
  }

  TraceRecord Trace(std::string partner, std::string operation, std::int64_t at, int status,
                    int violations) {
    TraceRecord t;
    t.org_id = vendor_.org_id;
    t.project_id = project_;
    t.environment_id = "env";
    t.partner_org_id = std::move(partner);
    t.source = "ingest";
    t.operation_id = std::move(operation);
    t.method = "GET";
    t.status = status;
    t.violation_count = violations;
    t.created_at = at;
    t.received_at = at;
    t.record = "{}";
    return t;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  Scope vendor_;
  std::string project_;
};

TEST_F(TraceActivityTest, SumsOverBatchesEqualACountOverTheTraces) {
  std::mt19937 random(7);
  const std::vector<std::string> partners = {"org_a", "org_b", ""};
  const std::vector<std::string> operations = {"listPayments", "getPayment", ""};
  const int statuses[] = {200, 201, 404, 500, 0};
  std::vector<TraceRecord> all;
  TraceRepository repository(*db_);
  for (int batch = 0; batch < 7; ++batch) {
    std::vector<TraceRecord> traces;
    for (int i = 0; i < 150; ++i) {
      traces.push_back(Trace(partners[random() % 3], operations[random() % 3],
                             20 * kDay + static_cast<std::int64_t>(random() % (5 * kDay)),
                             statuses[random() % 5], static_cast<int>(random() % 4 == 0)));
    }
    all.insert(all.end(), traces.begin(), traces.end());
    ASSERT_TRUE(repository.InsertTraces(traces).ok());
  }

  auto firsts = repository.PartnerFirsts(vendor_, project_);
  ASSERT_TRUE(firsts.ok()) << firsts.status();
  ASSERT_EQ(firsts->size(), 3u);
  for (const TracePartnerFirsts& first : *firsts) {
    std::int64_t calls = 0, first_call = INT64_MAX, first_success = INT64_MAX;
    for (const auto& t : all) {
      if (t.partner_org_id != first.partner_org_id) continue;
      ++calls;
      first_call = std::min(first_call, t.created_at);
      if (t.status >= 200 && t.status < 300) first_success = std::min(first_success, t.created_at);
    }
    EXPECT_EQ(first.calls, calls) << first.partner_org_id;
    EXPECT_EQ(first.first_call, first_call) << first.partner_org_id;
    ASSERT_TRUE(first.first_success.has_value());
    EXPECT_EQ(*first.first_success, first_success) << first.partner_org_id;
  }

  // Days 21 to 23 only: the range cuts whole days.
  auto daily = repository.DailyCounts(vendor_, project_, 21 * kDay, 24 * kDay);
  ASSERT_TRUE(daily.ok()) << daily.status();
  std::int64_t listed_calls = 0;
  for (const TraceDailyCount& count : *daily) {
    EXPECT_GE(count.day, 21);
    EXPECT_LE(count.day, 23);
    std::int64_t calls = 0, errors = 0, violations = 0;
    for (const auto& t : all) {
      if (t.partner_org_id != count.partner_org_id || t.operation_id != count.operation_id ||
          t.created_at / kDay != count.day)
        continue;
      ++calls;
      errors += t.status >= 400 || t.status == 0;
      violations += t.violation_count > 0;
    }
    EXPECT_EQ(count.calls, calls);
    EXPECT_EQ(count.errors, errors);
    EXPECT_EQ(count.with_violations, violations);
    listed_calls += count.calls;
  }
  std::int64_t expected = 0;
  for (const auto& t : all) expected += t.created_at >= 21 * kDay && t.created_at < 24 * kDay;
  EXPECT_EQ(listed_calls, expected) << "no (partner, operation, day) left out";
}

TEST_F(TraceActivityTest, APartnerWithoutSuccessHasNoFirstSuccess) {
  TraceRepository repository(*db_);
  std::vector<TraceRecord> traces = {Trace("org_a", "getPayment", 5 * kDay, 401, 0),
                                     Trace("org_a", "getPayment", 6 * kDay, 500, 1)};
  ASSERT_TRUE(repository.InsertTraces(traces).ok());
  auto firsts = repository.PartnerFirsts(vendor_, project_);
  ASSERT_TRUE(firsts.ok());
  ASSERT_EQ(firsts->size(), 1u);
  EXPECT_EQ(firsts->front().first_call, 5 * kDay);
  EXPECT_FALSE(firsts->front().first_success.has_value());
}

}  // namespace
}  // namespace icopilot::store
