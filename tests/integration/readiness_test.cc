// Readiness reports and certificates through the real binary: the report of a partner's
// known evidence as data, Markdown and a page; a certificate issued only where the partner
// is ready, checked offline by `icopilot certificate verify` with no server data, refused
// when one byte changed or under another key, and marked stale (never rewritten) by a new
// spec version or a later failing run.
#include <fstream>
#include <map>

#include "core/crypto.h"
#include "integration/partner_sandbox.h"
#include "services/certificate_document.h"
#include "support/cli_schema.h"
#include "support/process.h"

namespace icopilot::testing {
namespace {

class ReadinessTest : public PartnerSandboxTest {
 protected:
  std::string PartnerUrl(const std::string& partner, const std::string& rest) const {
    return Url(StrCat(p_.base, "/partners/", partner, rest));
  }

  // Writes `text` to a file of its own in the test's folder, apart from the server's data.
  std::string Write(const std::string& name, const std::string& text) {
    const auto path = dir_.path() / "offline" / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  // Partner A's passing run of authentication alone, certified in the Sandbox.
  void CertifyAAfterAPassingRun() {
    RequireOnlyAuthentication();
    boost::json::value run;
    RunAndWait(p_.key_a, sandbox_, run);
    ASSERT_EQ(run.at("passed"), true) << boost::json::serialize(run);
    ASSERT_EQ(Call("POST", PartnerUrl(p_.org_a, "/certificates"), vendor_.api_key,
                   StrCat(R"({"environment_id": ")", sandbox_, R"("})"))
                  .status,
              201);
  }

  CommandResult Verify(const std::string& file, const std::string& key,
                       const std::string& format = "text") {
    return RunIcopilot({"certificate", "verify", file, "--public-key", key, "--format", format}, {},
                       dir_.path() / "offline");
  }
};

const boost::json::object* Environment(const boost::json::value& report, const std::string& id) {
  for (const auto& env : report.at("environments").as_array())
    if (env.at("id") == id.c_str()) return &env.as_object();
  return nullptr;
}

TEST_F(ReadinessTest, ReportsWhatTheEvidenceSaysInEachForm) {
  RequireOnlyAuthentication();
  // Before any run: the Sandbox has no verdict, the mock is not listed.
  Reply before = Call("GET", PartnerUrl(p_.org_a, "/readiness"), p_.key_a);
  ASSERT_EQ(before.status, 200) << before.body;
  ASSERT_NE(Environment(before.json(), sandbox_), nullptr) << before.body;
  EXPECT_EQ(Environment(before.json(), sandbox_)->at("verdict"), "no_run");
  EXPECT_EQ(Environment(before.json(), "mock"), nullptr);

  // A traced call and a passing run in the Sandbox.
  ASSERT_EQ(Call("POST", Url(p_.base + "/specs/" + p_.version + "/operations/createRefund/send"),
                 p_.key_a,
                 StrCat(R"({"environment_id": ")", sandbox_, R"(", "body": "{\"amount\": 5}"})"))
                .status,
            200);
  boost::json::value run;
  const std::string passing = RunAndWait(p_.key_a, sandbox_, run);
  ASSERT_EQ(run.at("passed"), true) << boost::json::serialize(run);

  Reply report = Call("GET", PartnerUrl(p_.org_a, "/readiness"), p_.key_a);
  ASSERT_EQ(report.status, 200) << report.body;
  const boost::json::value json = report.json();
  EXPECT_EQ(json.at("partner_name"), "Partner A");
  EXPECT_EQ(json.at("project_name"), "Refunds");
  const boost::json::object* sandbox = Environment(json, sandbox_);
  ASSERT_NE(sandbox, nullptr) << report.body;
  EXPECT_EQ(sandbox->at("verdict"), "ready") << report.body;
  EXPECT_EQ(sandbox->at("run").at("id"), passing.c_str());
  bool authentication_passed = false;
  for (const auto& category : sandbox->at("categories").as_array()) {
    if (category.at("category") == "authentication")
      authentication_passed =
          category.at("verdict") == "passed" && category.at("passed").as_int64() > 0;
  }
  EXPECT_TRUE(authentication_passed) << report.body;
  EXPECT_TRUE(sandbox->at("failures").as_array().empty());
  // The traced call, per operation.
  ASSERT_EQ(json.at("traffic").as_array().size(), 1u) << report.body;
  EXPECT_EQ(json.at("traffic").at(0).at("operation_id"), "createRefund");
  EXPECT_EQ(json.at("traffic").at(0).at("calls"), 1);
  EXPECT_EQ(json.at("traffic").at(0).at("with_violations"), 0);
  // Items still open, none of them the Sandbox's evidence items now done.
  bool first_success_open = false;
  for (const auto& item : json.at("open_items").as_array())
    first_success_open =
        first_success_open || item.at("title") == "First successful call in the Sandbox";
  EXPECT_FALSE(json.at("open_items").as_array().empty());
  EXPECT_FALSE(first_success_open) << report.body;

  // Who may read it: the vendor and A; B is told nothing exists.
  EXPECT_EQ(Call("GET", PartnerUrl(p_.org_a, "/readiness"), vendor_.api_key).status, 200);
  EXPECT_EQ(Call("GET", PartnerUrl(p_.org_a, "/readiness"), p_.key_b).status, 404);
  EXPECT_EQ(Call("GET", PartnerUrl(p_.org_a, "/readiness/html"), p_.key_b).status, 404);

  Reply markdown = Call("GET", PartnerUrl(p_.org_a, "/readiness/markdown"), vendor_.api_key);
  ASSERT_EQ(markdown.status, 200);
  EXPECT_EQ(std::string(markdown.headers.Find("content-type").value_or("")),
            "text/markdown; charset=utf-8");
  EXPECT_NE(markdown.body.find("# Readiness of Partner A for Refunds"), std::string::npos)
      << markdown.body;
  EXPECT_NE(markdown.body.find("ready: every required category passed"), std::string::npos);
  EXPECT_NE(markdown.body.find(
                StrCat(server_->url(), "/projects/", p_.base.substr(17), "/runs/", passing)),
            std::string::npos)
      << "the vendor's links go to the vendor portal: " << markdown.body;
  Reply partner_markdown = Call("GET", PartnerUrl(p_.org_a, "/readiness/markdown"), p_.key_a);
  EXPECT_NE(partner_markdown.body.find("/partner/projects/"), std::string::npos);

  Reply html = Call("GET", PartnerUrl(p_.org_a, "/readiness/html"), p_.key_a);
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(std::string(html.headers.Find("content-type").value_or("")),
            "text/html; charset=utf-8");
  EXPECT_NE(std::string(html.headers.Find("content-security-policy").value_or(""))
                .find("default-src 'none'"),
            std::string::npos);
  EXPECT_NE(html.body.find("<h1>Readiness of Partner A for Refunds</h1>"), std::string::npos)
      << html.body;
  EXPECT_NE(html.body.find("<table>"), std::string::npos);
  EXPECT_EQ(html.body.find("<script"), std::string::npos);
}

TEST_F(ReadinessTest, CertificatesVerifyOfflineAndGoStaleWithoutBeingRewritten) {
  RequireOnlyAuthentication();
  // A channel that takes every event of runs and certificates; what it was sent is read
  // back from the outbox at the end (its receiver does not answer: nothing is lost).
  ASSERT_EQ(Call("POST", Url(p_.base + "/notification-channels"), vendor_.api_key,
                 R"({"kind": "webhook", "name": "ops", "url": "http://127.0.0.1:1/hook",
                     "events": ["run.failed", "run.recovered", "category.regressed",
                                "partner.certified", "certificate.stale"]})")
                .status,
            201);
  const std::string certificates = PartnerUrl(p_.org_a, "/certificates");
  const std::string body = StrCat(R"({"environment_id": ")", sandbox_, R"("})");
  Reply not_yet = Call("POST", certificates, vendor_.api_key, body);
  EXPECT_EQ(not_yet.status, 409) << "no run yet: " << not_yet.body;
  EXPECT_NE(not_yet.body.find("no run has covered"), std::string::npos) << not_yet.body;

  boost::json::value run;
  const std::string passing = RunAndWait(p_.key_a, sandbox_, run);
  ASSERT_EQ(run.at("passed"), true) << boost::json::serialize(run);
  EXPECT_EQ(Call("POST", certificates, p_.key_a, body).status, 403) << "partners do not certify";
  EXPECT_EQ(Call("POST", PartnerUrl(p_.org_b, "/certificates"), vendor_.api_key, body).status, 409)
      << "B never ran";
  Reply issued = Call("POST", certificates, vendor_.api_key, body);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string id = IdOf(issued);
  EXPECT_EQ(issued.json().at("run_id"), passing.c_str());
  EXPECT_EQ(issued.json().at("stale"), false);

  // The file and the published key, taken to a folder with no server data.
  Reply file = Call("GET", certificates + "/" + id + "/file", p_.key_a);
  ASSERT_EQ(file.status, 200) << file.body;
  Reply key = Call("GET", Url("/api/v1/certificate-key"), "");
  ASSERT_EQ(key.status, 200) << "anyone reads the key: " << key.body;
  const std::string certificate = Write("certificate.json", file.body);
  const std::string key_file = Write("key.json", key.body);
  CommandResult valid = Verify(certificate, key_file);
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  EXPECT_NE(valid.out.find("VALID"), std::string::npos) << valid.out;
  EXPECT_NE(valid.out.find("Partner A passed every required golden category of Refunds in Sandbox"),
            std::string::npos)
      << valid.out;
  CommandResult as_json =
      Verify(certificate, std::string(key.json().at("public_key").as_string()), "json");
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  EXPECT_EQ(boost::json::parse(as_json.out).at("sha256"), issued.json().at("sha256"));
  EXPECT_EQ(CliSchemaErrors("certificate-verify", as_json.out), "");

  // One byte changed in the certified facts.
  std::string altered = file.body;
  const std::size_t at = altered.find("Partner A");
  ASSERT_NE(at, std::string::npos);
  altered[at + 8] = 'B';
  CommandResult tampered = Verify(Write("altered.json", altered), key_file);
  EXPECT_EQ(tampered.exit_code, 1) << tampered.out;
  EXPECT_NE(tampered.out.find("NOT VALID: the payload was altered"), std::string::npos)
      << tampered.out;
  // A key that is not the server's.
  InitCrypto();
  const std::string other = EncodeBase64(NewSigningKey().public_key);
  CommandResult wrong_key = Verify(certificate, other);
  EXPECT_EQ(wrong_key.exit_code, 1) << wrong_key.out;
  EXPECT_NE(wrong_key.out.find("the signature does not match"), std::string::npos) << wrong_key.out;
  CommandResult refused_json = Verify(certificate, other, "json");
  EXPECT_EQ(refused_json.exit_code, 1);
  EXPECT_EQ(CliSchemaErrors("certificate-verify", refused_json.out), "");
  EXPECT_EQ(Verify(certificate, "not a key").exit_code, 2);
  EXPECT_EQ(Verify(Write("empty.json", "{}"), key_file).exit_code, 1);

  // A new spec version makes it stale; the file stays as issued.
  ASSERT_EQ(
      Call("POST", Url(p_.base + "/specs"), vendor_.api_key,
           boost::json::serialize(boost::json::object{{"label", "v2"}, {"document", kRefundsSpec}}))
          .status,
      201);
  Reply after_spec = Call("GET", certificates + "/" + id, p_.key_a);
  EXPECT_EQ(after_spec.json().at("stale"), true) << after_spec.body;
  EXPECT_NE(after_spec.body.find("spec version v2 was added"), std::string::npos)
      << after_spec.body;
  EXPECT_EQ(Call("GET", certificates + "/" + id + "/file", p_.key_a).body, file.body);

  // Certified again, then a failing run in the Sandbox makes that one stale, naming the run.
  Reply again = Call("POST", certificates, vendor_.api_key, body);
  ASSERT_EQ(again.status, 201) << again.body;
  ASSERT_EQ(Call("POST", Url(p_.base + "/saved-cases"), vendor_.api_key,
                 R"({"name": "expects 200", "operation_id": "createRefund",
                     "request": {"body": "{\"amount\": 5}"}, "expected_status": 200})")
                .status,
            201);
  const std::string failing = RunAndWait(p_.key_a, sandbox_, run);
  ASSERT_EQ(run.at("passed"), false);
  Reply stale = Call("GET", certificates + "/" + IdOf(again), vendor_.api_key);
  EXPECT_EQ(stale.json().at("stale"), true) << stale.body;
  EXPECT_NE(stale.body.find(StrCat("run ", failing, " failed required saved_cases")),
            std::string::npos)
      << stale.body;
  Reply list = Call("GET", certificates, p_.key_a);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json().at("items").as_array().size(), 2u);
  EXPECT_EQ(list.json().at("items").at(0).at("issued_by"), nullptr)
      << "partners see no vendor user";
  // The report now says why the Sandbox blocks, and certifying is refused with the reason.
  Reply blocked = Call("POST", certificates, vendor_.api_key, body);
  EXPECT_EQ(blocked.status, 409);
  EXPECT_NE(blocked.body.find(StrCat("in run ", failing, ", 1 required case failed")),
            std::string::npos)
      << blocked.body;
  EXPECT_EQ(Verify(certificate, key_file).exit_code, 0) << "an issued file never changes";

  // Each of these moments was a notification, in the order it happened.
  Reply sent = Call("GET", Url(p_.base + "/notifications?limit=100"), vendor_.api_key);
  ASSERT_EQ(sent.status, 200) << sent.body;
  const boost::json::value notifications = sent.json();
  std::map<std::int64_t, std::string> by_seq;  // the channel's order of delivery
  for (const auto& n : notifications.at("items").as_array())
    by_seq[n.at("seq").as_int64()] = std::string(n.at("event_type").as_string());
  std::vector<std::string> types;
  for (const auto& [seq, type] : by_seq) types.push_back(type);
  EXPECT_EQ(types,
            (std::vector<std::string>{"partner.certified", "certificate.stale", "partner.certified",
                                      "run.failed", "certificate.stale"}));
  const boost::json::value* last = nullptr;
  for (const auto& n : notifications.at("items").as_array())
    if (n.at("seq").as_int64() == by_seq.rbegin()->first) last = &n.at("event");
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->at("partner").at("id"), p_.org_a.c_str());
  EXPECT_NE(std::string(last->at("data").at("reason").as_string()).find(failing),
            std::string::npos);
}

// A vendor's CI (docs/spec-drift.md): a breaking change to what a certified partner's run
// used fails the pipeline, naming the partner.
TEST_F(ReadinessTest, ABreakingChangeACertifiedPartnerUsesFailsTheVendorsPipeline) {
  CertifyAAfterAPassingRun();
  std::string changed(kRefundsSpec);
  changed.replace(changed.find("required: [amount]"), 18, "required: [amount, reason]");
  Write("main.yaml", std::string(kRefundsSpec));
  Write("openapi.yaml", changed);
  CommandResult ci =
      RunIcopilot({"spec", "diff", "main.yaml", "openapi.yaml", "--partners-from", Url(p_.base)},
                  {{"ICOPILOT_API_KEY", vendor_.api_key}}, dir_.path() / "offline");
  EXPECT_EQ(ci.exit_code, 1) << ci.out << ci.err;
  EXPECT_NE(ci.out.find("touches Partner A (certified): "), std::string::npos) << ci.out;
  EXPECT_NE(ci.out.find("1 partner touched, 1 certified"), std::string::npos) << ci.out;
}

TEST_F(ReadinessTest, MetricsCountRunsAndTheCertificateAsTheChartAndCsvShowThem) {
  CertifyAAfterAPassingRun();
  Reply mine = Call("GET", PartnerUrl(p_.org_a, "/metrics?tz=Europe/Berlin"), p_.key_a);
  ASSERT_EQ(mine.status, 200) << mine.body;
  const boost::json::value a = mine.json();
  EXPECT_EQ(a.at("runs"), 1);
  EXPECT_EQ(a.at("runs_passed"), 1);
  EXPECT_TRUE(a.at("hours_to_certification").is_number()) << mine.body;
  EXPECT_TRUE(a.at("hours_to_first_call").is_null()) << "A made no call: " << mine.body;
  ASSERT_EQ(a.at("days").as_array().size(), 1u);
  EXPECT_EQ(Call("GET", PartnerUrl(p_.org_a, "/metrics"), p_.key_b).status, 404);
  EXPECT_EQ(Call("GET", PartnerUrl(p_.org_a, "/metrics?tz=Mars/Olympus"), p_.key_a).status, 422);

  Reply all = Call("GET", Url(p_.base + "/metrics"), vendor_.api_key);
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_EQ(all.json().at("items").as_array().size(), 2u) << "A and B";
  EXPECT_EQ(all.json().at("items").at(1).at("runs"), 0) << "B never ran";
  EXPECT_EQ(Call("GET", Url(p_.base + "/metrics"), p_.key_a).status, 403);
  Reply csv = Call("GET", Url(p_.base + "/metrics/days/csv?tz=Europe/Berlin"), vendor_.api_key);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::string(csv.headers.Find("content-type").value_or("")),
            "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(csv.body,
            StrCat("partner_id,partner_name,day,runs,passed,pass_rate\r\n", p_.org_a, ",Partner A,",
                   std::string(a.at("days").at(0).at("day").as_string()), ",1,1,1.00\r\n"));
  Reply summary = Call("GET", Url(p_.base + "/metrics/summary/csv"), vendor_.api_key);
  ASSERT_EQ(summary.status, 200);
  EXPECT_EQ(std::count(summary.body.begin(), summary.body.end(), '\n'), 3) << summary.body;
}

}  // namespace
}  // namespace icopilot::testing
