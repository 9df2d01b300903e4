#include "platform/demo.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "core/clock.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "platform/demo_spec.h"
#include "platform/platform.h"
#include "services/golden_service.h"
#include "services/identity_service.h"
#include "services/mock_service.h"
#include "services/plan_service.h"
#include "services/project_service.h"
#include "services/trace_service.h"
#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"
#include "traces/har.h"

namespace icopilot::platform {
namespace {

constexpr std::string_view kVendorName = "Acme Payments";
constexpr std::string_view kOwnerEmail = "owner@acme.example";
constexpr std::string_view kPartnerName = "Globex Checkout";
constexpr std::string_view kPartnerEmail = "dev@globex.example";
constexpr std::string_view kInitechName = "Initech Payments";
constexpr std::string_view kInitechEmail = "dev@initech.example";
constexpr std::string_view kUmbrellaName = "Umbrella Retail";
constexpr std::string_view kUmbrellaEmail = "dev@umbrella.example";
constexpr std::string_view kMockName = "Payments mock";
constexpr std::string_view kSandboxMockName = "Sandbox backend (build 2026-09-01)";
constexpr std::string_view kSandboxName = "Sandbox";
constexpr int kTrafficDays = 14;

services::Actor ActorOf(const store::User& user) {
  return {{user.org_id, user.id, user.role}, "demo", "demo-seed"};
}

absl::StatusOr<store::SpecVersion> AddVersion(services::MockService& mocks,
                                              const services::Actor& owner,
                                              const std::string& project_id, std::string_view label,
                                              std::string document) {
  ASSIGN_OR_RETURN(auto added, mocks.AddSpecVersion(owner, project_id, label, std::move(document)));
  if (!added.stored) return absl::DataLossError(StrCat("the demo spec ", label, " is not usable"));
  return *added.stored;
}

absl::StatusOr<services::MockView> FindMock(services::MockService& mocks,
                                            const services::Actor& owner,
                                            const std::string& project_id, std::string_view name) {
  store::PageRequest page;
  page.limit = 50;
  ASSIGN_OR_RETURN(auto listed, mocks.List(owner, project_id, page));
  for (auto& view : listed.items)
    if (view.record.name == name) return std::move(view);
  return absl::NotFoundError(StrCat("the demo mock '", name, "' was removed"));
}

// The Sandbox environment calls the sandbox's mock on this server, whose address may have
// changed since the last start.
absl::StatusOr<std::string> PointSandbox(Platform& platform, const services::Actor& owner,
                                         const std::string& project_id) {
  ASSIGN_OR_RETURN(auto sandbox, FindMock(platform.mocks(), owner, project_id, kSandboxMockName));
  const std::string root = StrCat(platform.url(), "/mocks/", sandbox.record.id);
  services::EnvironmentInput input;
  input.base_url = StrCat(root, sandbox.record.base_path);
  services::EnvironmentCredentials credentials;
  credentials.oauth2 = golden::OAuth2Client{StrCat(root, "/oauth/token"),
                                            sandbox.credentials.client_id,
                                            sandbox.credentials.client_secret,
                                            {}};
  input.credentials = credentials;
  ASSIGN_OR_RETURN(auto environments, platform.golden().ListEnvironments(owner, project_id));
  for (const auto& view : environments)
    if (view.record.name == kSandboxName) {
      RETURN_IF_ERROR(
          platform.golden().UpdateEnvironment(owner, project_id, view.record.id, input).status());
      return view.record.id;
    }
  input.name = std::string(kSandboxName);
  input.timeout_ms = 5000;
  ASSIGN_OR_RETURN(auto created, platform.golden().CreateEnvironment(owner, project_id, input));
  return created.record.id;
}

// One exchange of the partner's traffic.
struct Call {
  std::string_view method;
  std::string path;
  std::string request_body;
  int status;
  std::string response_body;
};

std::string PaymentBody(std::string_view id, std::int64_t amount, std::string_view status,
                        std::int64_t at) {
  return StrCat(R"({"id":")", id, R"(","amount":)", amount, R"(,"currency":"EUR","status":")",
                status, R"(","amount_refunded":0,"created_at":")", FormatTimestamp(at), R"("})");
}

std::string Problem(int status, std::string_view title) {
  return StrCat(R"({"type":"about:blank","title":")", title, R"(","status":)", status, "}");
}

// A partner ramping up over two weeks: a few calls at first, dozens a day by the end; a
// refund now and then (each answered with the sandbox's `processing`, the defect), one day
// of amounts sent as strings, and a page size past the limit.
std::vector<Call> CallsOfDay(int day, std::int64_t at, std::mt19937& random, bool with_mistakes) {
  std::vector<Call> calls;
  if (day < 2) return calls;
  // Ids of the day: pay_<tag>0000<n>, unique per day and of the spec's shape.
  const std::string tag(4, static_cast<char>('a' + day % 26));
  const int volume = 4 + (day - 2) * 5 + static_cast<int>(random() % 6);
  for (int i = 0; i < volume; ++i) {
    const std::string id = StrCat("pay_", tag, "0000", 1000 + i);
    const std::int64_t amount = 500 + static_cast<std::int64_t>(random() % 20000);
    const auto pick = random() % 10;
    if (pick < 4) {
      calls.push_back({"POST", "/payments",
                       StrCat(R"({"amount":)", amount,
                              R"(,"currency":"EUR","card_token":"tok_visa_4242","capture":true})"),
                       201, PaymentBody(id, amount, "captured", at)});
    } else if (pick < 7) {
      calls.push_back(
          {"GET", StrCat("/payments/", id), "", 200, PaymentBody(id, amount, "captured", at)});
    } else if (pick < 9) {
      calls.push_back({"GET", "/payments?limit=20", "", 200,
                       StrCat(R"({"data":[)", PaymentBody(id, amount, "captured", at),
                              R"(],"next_cursor":null})")});
    } else {
      calls.push_back({"GET", "/payments/pay_zzzz00009999", "", 404, Problem(404, "Not Found")});
    }
  }
  if (!with_mistakes) return calls;
  if (day % 2 == 0)
    calls.push_back({"POST", StrCat("/payments/pay_", tag, "00001000/refunds"),
                     R"({"amount":1000,"reason":"requested_by_customer"})", 201,
                     StrCat(R"({"id":"re_)", tag, R"(00002000","payment_id":"pay_)", tag,
                            R"(00001000","amount":1000,"status":"processing","created_at":")",
                            FormatTimestamp(at), R"("})")});
  if (day == 6)
    for (int i = 0; i < 3; ++i)
      calls.push_back({"POST", "/payments",
                       R"({"amount":"25.00","currency":"EUR","card_token":"tok_visa_4242"})", 422,
                       Problem(422, "Unprocessable Content")});
  if (day == 9)
    calls.push_back({"GET", "/payments?limit=500", "", 400, Problem(400, "Bad Request")});
  return calls;
}

// Whose traffic: Globex's two weeks with the sandbox's refund defect and a few mistakes of
// its own, or Umbrella's last days of clean payments and reads.
struct TrafficShape {
  int days = kTrafficDays;
  bool with_mistakes = true;
  std::uint32_t seed = 20261115;
};

absl::Status RecordTraffic(Platform& platform, const std::string& environment_id,
                           const std::string& partner_org_id, std::int64_t now,
                           TrafficShape shape = {}) {
  std::mt19937 random(shape.seed);
  constexpr std::int64_t kDay = 24LL * 3600 * 1000;
  for (int day = 0; day < shape.days; ++day) {
    const std::int64_t start = now - (shape.days - day) * kDay + 9 * 3600 * 1000;
    auto calls = CallsOfDay(day, start, random, shape.with_mistakes);
    for (std::size_t i = 0; i < calls.size(); ++i) {
      const Call& call = calls[i];
      const std::int64_t at = start + static_cast<std::int64_t>(i) * 9 * 60 * 1000;
      traces::Exchange exchange;
      exchange.started_at = FormatTimestamp(at);
      exchange.duration_ms = 40 + static_cast<double>(random() % 160);
      traces::SetRequestLine(exchange, call.method,
                             StrCat("https://sandbox.acme-payments.example/v1", call.path));
      exchange.request.headers.Set("authorization", "Bearer demo-token");
      if (call.method == "POST") {
        exchange.request.headers.Set("content-type", "application/json");
        exchange.request.headers.Set("idempotency-key", StrCat("demo-", day, "-", i, "-key"));
        exchange.request.body = call.request_body;
      }
      exchange.status = call.status;
      exchange.response_headers.Set(
          "content-type", call.status < 400 ? "application/json" : "application/problem+json");
      exchange.response_body = call.response_body;
      RETURN_IF_ERROR(
          platform.traces().RecordProxied(environment_id, partner_org_id, std::move(exchange)));
    }
  }
  return absl::OkStatus();
}

// What Acme's partner engineers keep explaining, where it applies: the sandbox's refund
// defect (every partial refund comes back `processing`, which the contract does not list;
// the demo's refunds all trigger it), the elevated scope for large refunds, and two notes
// on payments.
absl::StatusOr<std::vector<std::string>> Annotate(Platform& platform, const services::Actor& owner,
                                                  const std::string& project_id) {
  std::vector<std::string> ids;
  struct Note {
    const char* operation_id;
    const char* pointer;
    const char* kind;
    const char* message;
    const char* condition;
  };
  for (const Note& note : {
           Note{"refundPayment", "", "known_issue",
                "The **sandbox** answers partial refunds with status `processing`, which the "
                "contract does not list; production answers `pending`. Until it is fixed, read "
                "`processing` as `pending`.",
                "exists(body.amount)"},
           Note{"refundPayment", "/body/amount", "auth",
                "Refunds above 10,000 need a token with the `refunds:elevated` scope: ask your "
                "Acme contact to add it to your client.",
                "body.amount > 10000"},
           Note{"createPayment", "/body/capture", "tip",
                "A payment taken with `capture: false` is held for 7 days; capture it with "
                "`POST /payments/{payment_id}/capture` before then or the hold is released.",
                "body.capture == false"},
           Note{"createPayment", "/body/currency", "edge_case",
                "GBP payments settle one business day later than EUR and USD.",
                "body.currency == \"GBP\""},
       }) {
    services::AnnotationInput input;
    input.operation_id = note.operation_id;
    input.pointer = note.pointer;
    input.kind = note.kind;
    input.message = note.message;
    input.condition = note.condition;
    ASSIGN_OR_RETURN(auto created, platform.annotations().Create(owner, project_id, input));
    ids.push_back(created.record.id);
  }
  return ids;
}

// Someone moves an item of a partner's plan board to done, saying why when it says.
absl::Status Tick(Platform& platform, const services::Actor& actor, const std::string& project_id,
                  const std::string& partner_org_id, std::string_view key,
                  std::string_view comment = "") {
  ASSIGN_OR_RETURN(auto board, platform.plans().Board(actor, project_id, partner_org_id));
  for (const auto& item : board.items) {
    if (item.item_key != key) continue;
    services::PlanItemPatch patch;
    patch.status = "done";
    RETURN_IF_ERROR(
        platform.plans().UpdateItem(actor, project_id, partner_org_id, item.id, patch).status());
    if (!comment.empty())
      RETURN_IF_ERROR(
          platform.plans().Comment(actor, project_id, partner_org_id, item.id, comment).status());
    return absl::OkStatus();
  }
  return absl::NotFoundError(StrCat("the demo plan has no item ", key));
}

// Three partners at three stages, each with the evidence behind it: Initech was just
// invited; Globex builds in the Sandbox, where its run fails on the sandbox's refund defect;
// Umbrella passed the mock and the Sandbox (the vendor waived the refund failure, which is
// the sandbox's) and stands at UAT.
absl::Status SeedPlans(Platform& platform, const services::Actor& owner,
                       const std::string& project_id, const std::string& sandbox_id,
                       const services::NewOrg& globex, const std::vector<std::string>& notes,
                       services::RunRequest on_mock) {
  ASSIGN_OR_RETURN(services::NewOrg initech, platform.projects().InvitePartner(
                                                 owner, project_id, kInitechName, kInitechEmail));
  ASSIGN_OR_RETURN(
      services::NewOrg umbrella,
      platform.projects().InvitePartner(owner, project_id, kUmbrellaName, kUmbrellaEmail));
  RETURN_IF_ERROR(platform.plans().Board(owner, project_id, initech.org.id).status());
  RETURN_IF_ERROR(RecordTraffic(platform, sandbox_id, umbrella.org.id, platform.clock().NowMillis(),
                                {.days = 6, .with_mistakes = false, .seed = 20261201}));
  for (const services::NewOrg* partner :
       {&globex, static_cast<const services::NewOrg*>(&umbrella)}) {
    const services::Actor actor = ActorOf(partner->owner);
    RETURN_IF_ERROR(Tick(platform, owner, project_id, partner->org.id, "sandbox-access"));
    for (const std::string& note : notes)
      RETURN_IF_ERROR(platform.plans().Acknowledge(actor, project_id, note));
    RETURN_IF_ERROR(platform.golden().QueueRun(actor, project_id, on_mock).status());
  }
  return Tick(platform, owner, project_id, umbrella.org.id, "sandbox-suite",
              "Umbrella takes no refunds, and the refund failure is the sandbox's known defect: "
              "certified on the other categories.");
}

absl::StatusOr<std::string> SeedFresh(Platform& platform) {
  ASSIGN_OR_RETURN(
      services::NewOrg vendor,
      platform.identity().CreateOrg(kVendorName, "vendor", kOwnerEmail, std::nullopt, "demo"));
  const services::Actor owner = ActorOf(vendor.owner);
  ASSIGN_OR_RETURN(store::Project project,
                   platform.projects().Create(owner, "Payments API",
                                              "Card payments, captures and refunds for partners."));
  ASSIGN_OR_RETURN(std::string sandbox_document, DemoSandboxSpec());
  ASSIGN_OR_RETURN(auto old_version, AddVersion(platform.mocks(), owner, project.id, "2026-09-01",
                                                std::move(sandbox_document)));
  ASSIGN_OR_RETURN(auto current, AddVersion(platform.mocks(), owner, project.id, "2026-11-15",
                                            std::string(DemoPaymentsSpec())));
  RETURN_IF_ERROR(
      platform.mocks()
          .Create(owner, project.id, current.id, kMockName, R"({"stateful":true})", std::nullopt)
          .status());
  RETURN_IF_ERROR(platform.mocks()
                      .Create(owner, project.id, old_version.id, kSandboxMockName,
                              R"({"stateful":true,"latency":"5-30ms"})", std::nullopt)
                      .status());
  ASSIGN_OR_RETURN(auto notes, Annotate(platform, owner, project.id));
  ASSIGN_OR_RETURN(std::string sandbox_id, PointSandbox(platform, owner, project.id));
  ASSIGN_OR_RETURN(services::NewOrg partner, platform.projects().InvitePartner(
                                                 owner, project.id, kPartnerName, kPartnerEmail));
  RETURN_IF_ERROR(
      RecordTraffic(platform, sandbox_id, partner.org.id, platform.clock().NowMillis()));

  services::RunRequest on_mock;
  on_mock.spec_version_id = current.id;
  on_mock.environment_id = "mock";
  RETURN_IF_ERROR(platform.golden().QueueRun(owner, project.id, on_mock).status());
  services::RunRequest on_sandbox = on_mock;
  on_sandbox.environment_id = sandbox_id;
  RETURN_IF_ERROR(platform.golden().QueueRun(owner, project.id, on_sandbox).status());
  // Globex ran the mock first; its newest run is the one the Sandbox failed.
  RETURN_IF_ERROR(SeedPlans(platform, owner, project.id, sandbox_id, partner, notes, on_mock));
  RETURN_IF_ERROR(
      platform.golden().QueueRun(ActorOf(partner.owner), project.id, on_sandbox).status());
  return project.id;
}

}  // namespace

absl::StatusOr<DemoCredentials> SeedDemo(store::Database& db, Platform& platform) {
  DemoCredentials demo;
  ASSIGN_OR_RETURN(auto existing, store::OrgRepository(db).FindVendorByName(kVendorName));
  if (!existing) {
    ASSIGN_OR_RETURN(demo.project_id, SeedFresh(platform));
  }
  store::UserRepository users(db);
  ASSIGN_OR_RETURN(auto owner, users.FindByEmail(kOwnerEmail));
  ASSIGN_OR_RETURN(auto partner, users.FindByEmail(kPartnerEmail));
  if (!owner || !partner)
    return absl::FailedPreconditionError("the demo org exists but one of its users was removed");
  const services::Actor owner_actor = ActorOf(*owner);
  const services::Actor partner_actor = ActorOf(*partner);
  if (existing) {
    store::PageRequest first;
    first.limit = 1;
    ASSIGN_OR_RETURN(auto page, store::ProjectRepository(db).List(owner_actor.scope, first, true));
    if (page.items.empty()) return absl::FailedPreconditionError("the demo project was removed");
    demo.project_id = page.items.front().id;
    RETURN_IF_ERROR(PointSandbox(platform, owner_actor, demo.project_id).status());
  }

  // Passwords and keys are stored hashed, so each start issues new ones to show.
  demo.org_id = owner->org_id;
  demo.owner_email = owner->email;
  demo.partner_email = partner->email;
  ASSIGN_OR_RETURN(demo.owner_password, platform.identity().ResetPassword(owner_actor));
  ASSIGN_OR_RETURN(demo.partner_password, platform.identity().ResetPassword(partner_actor));
  ASSIGN_OR_RETURN(auto owner_key, platform.identity().CreateApiKey(owner_actor, "demo start",
                                                                    owner->role, std::nullopt));
  ASSIGN_OR_RETURN(auto partner_key, platform.identity().CreateApiKey(partner_actor, "demo start",
                                                                      partner->role, std::nullopt));
  demo.owner_api_key = owner_key.secret;
  demo.partner_api_key = partner_key.secret;
  return demo;
}

}  // namespace icopilot::platform
