// Plan boards through the real binary: items evidence decides complete themselves and
// reopen when the evidence turns (a partner's first successful Sandbox call, a failing
// required category, notes acknowledged), each change naming what moved it; people move
// the rest, partners only their own; the vendor's overview is kept as evidence arrives.
#include <chrono>
#include <thread>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "integration/partner_sandbox.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

class PlanBoardTest : public PartnerSandboxTest {
 protected:
  std::string BoardUrl(const std::string& partner) const {
    return Url(StrCat(p_.base, "/partners/", partner, "/plan"));
  }

  // The board's item seeded from template item `key`.
  boost::json::object Item(const std::string& key, const std::string& partner,
                           const std::string& caller) {
    Reply board = Call("GET", BoardUrl(partner), caller);
    EXPECT_EQ(board.status, 200) << board.body;
    if (board.status != 200) return {};
    const boost::json::value json = board.json();
    for (const auto& phase : json.at("phases").as_array())
      for (const auto& item : phase.at("items").as_array())
        if (item.at("key") == key.c_str()) return item.as_object();
    ADD_FAILURE() << "no item " << key << " in " << board.body;
    return {};
  }

  // The overview's count of items done for a partner once it is `expected`, read without
  // opening the board (so evidence, not the read, moved it); the last count seen otherwise.
  std::int64_t DoneWhenItIs(const std::string& partner, std::int64_t expected) {
    std::int64_t done = -1;
    for (int i = 0; i < 100 && done != expected; ++i) {
      if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      boost::json::object standing = Standing(partner);
      if (standing.empty()) break;
      done = standing.at("done").as_int64();
    }
    return done;
  }

  // The overview's line for a partner: what the vendor sees without opening the board.
  boost::json::object Standing(const std::string& partner) {
    Reply overview = Call("GET", Url(p_.base + "/plan/overview"), vendor_.api_key);
    EXPECT_EQ(overview.status, 200) << overview.body;
    const boost::json::value json = overview.json();
    for (const auto& line : json.at("items").as_array())
      if (line.at("partner_id") == partner.c_str()) return line.as_object();
    ADD_FAILURE() << "no line for " << partner << " in " << overview.body;
    return {};
  }
};

TEST_F(PlanBoardTest, EvidenceCompletesAndReopensItemsSayingWhichEvidenceMovedThem) {
  // Seeded from the default template: five phases, nothing done by evidence yet.
  Reply board = Call("GET", BoardUrl(p_.org_a), p_.key_a);
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.json().at("phases").as_array().size(), 5u) << board.body;
  const std::int64_t done_at_start = board.json().at("done").as_int64();
  EXPECT_EQ(Item("sandbox-first-success", p_.org_a, p_.key_a).at("status"), "open");
  EXPECT_EQ(Call("GET", BoardUrl(p_.org_a), p_.key_b).status, 404) << "B never reads A's board";
  EXPECT_EQ(Call("GET", BoardUrl(p_.org_a), vendor_.api_key).status, 200);

  // A's first successful call in the Sandbox, sent from the playground and traced.
  Reply sent = Call(
      "POST", Url(p_.base + "/specs/" + p_.version + "/operations/createRefund/send"), p_.key_a,
      StrCat(R"({"environment_id": ")", sandbox_, R"(", "body": "{\"amount\": 5}"})"));
  ASSERT_EQ(sent.status, 200) << sent.body;
  ASSERT_EQ(sent.json().at("traced"), true) << sent.body;
  Reply traces = Call("GET", Url(p_.base + "/traces"), p_.key_a);
  ASSERT_EQ(traces.status, 200) << traces.body;
  const std::string trace_id(traces.json().at("items").at(0).at("id").as_string());

  // The overview moved with the evidence, before anyone opened the board again.
  EXPECT_EQ(DoneWhenItIs(p_.org_a, done_at_start + 1), done_at_start + 1);
  boost::json::object first = Item("sandbox-first-success", p_.org_a, p_.key_a);
  EXPECT_EQ(first.at("status"), "done") << boost::json::serialize(first);
  EXPECT_EQ(first.at("decided_by"), "evidence");
  EXPECT_EQ(first.at("evidence").at("kind"), "trace");
  EXPECT_EQ(first.at("evidence").at("id"), trace_id.c_str());
  EXPECT_EQ(Item("sandbox-first-success", p_.org_b, p_.key_b).at("status"), "open")
      << "B made no call";
  Reply events = Call(
      "GET", BoardUrl(p_.org_a) + "/items/" + std::string(first.at("id").as_string()) + "/events",
      p_.key_a);
  ASSERT_EQ(events.status, 200) << events.body;
  const boost::json::value history = events.json();
  ASSERT_FALSE(history.at("items").as_array().empty());
  EXPECT_EQ(history.at("items").as_array().back().at("kind"), "completed");
  EXPECT_EQ(history.at("items").as_array().back().at("by"), "evidence");
  EXPECT_EQ(history.at("items").as_array().back().at("evidence").at("id"), trace_id.c_str());

  // Every required category passes in the Sandbox: "sandbox-suite" completes.
  RequireOnlyAuthentication();
  boost::json::value run;
  const std::string passing = RunAndWait(p_.key_a, sandbox_, run);
  ASSERT_EQ(run.at("passed"), true) << boost::json::serialize(run);
  EXPECT_EQ(run.at("summary").at("covers_profile"), true);
  EXPECT_EQ(DoneWhenItIs(p_.org_a, done_at_start + 2), done_at_start + 2)
      << "the finished run moved the overview";
  boost::json::object item = Item("sandbox-suite", p_.org_a, vendor_.api_key);
  EXPECT_EQ(item.at("status"), "done") << boost::json::serialize(item);
  EXPECT_EQ(item.at("evidence").at("id"), passing.c_str());

  // A case the vendor saves for every partner fails: the next run reopens the item with
  // that run as the reason, and the overview shows it without the board being read.
  Reply wrong = Call("POST", Url(p_.base + "/saved-cases"), vendor_.api_key,
                     R"({"name": "expects 200", "operation_id": "createRefund",
                         "request": {"body": "{\"amount\": 5}"}, "expected_status": 200})");
  ASSERT_EQ(wrong.status, 201) << wrong.body;
  const std::string failing = RunAndWait(p_.key_a, sandbox_, run);
  ASSERT_EQ(run.at("passed"), false) << boost::json::serialize(run);
  EXPECT_EQ(DoneWhenItIs(p_.org_a, done_at_start + 1), done_at_start + 1)
      << "the failed run reopened the item in the overview";
  item = Item("sandbox-suite", p_.org_a, vendor_.api_key);
  EXPECT_EQ(item.at("status"), "open") << boost::json::serialize(item);
  EXPECT_EQ(item.at("decided_by"), "evidence");
  EXPECT_EQ(item.at("evidence").at("kind"), "run");
  EXPECT_EQ(item.at("evidence").at("id"), failing.c_str());
  EXPECT_EQ(item.at("evidence").at("categories").at(0), "saved_cases")
      << boost::json::serialize(item);
  events = Call("GET",
                BoardUrl(p_.org_a) + "/items/" + std::string(item.at("id").as_string()) + "/events",
                p_.key_a);
  const boost::json::value suite_history = events.json();
  const auto& last = suite_history.at("items").as_array().back();
  EXPECT_EQ(last.at("kind"), "reopened") << events.body;
  EXPECT_EQ(last.at("evidence").at("id"), failing.c_str());
  EXPECT_NE(std::string(last.at("message").as_string()).find(failing), std::string::npos);
}

TEST_F(PlanBoardTest, PeopleMoveTheRestAndPartnersOnlyTheirOwn) {
  const boost::json::object go_live = Item("go-live-date", p_.org_a, p_.key_a);
  const std::string item_url = BoardUrl(p_.org_a) + "/items/";
  Reply moved = Call("PATCH", item_url + std::string(go_live.at("id").as_string()), p_.key_a,
                     R"({"status": "done", "assignee": "Ana"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  boost::json::object seen = Item("go-live-date", p_.org_a, vendor_.api_key);
  EXPECT_EQ(seen.at("status"), "done") << "the vendor sees the partner's move";
  EXPECT_EQ(seen.at("assignee"), "Ana");

  const std::string suite(Item("sandbox-suite", p_.org_a, p_.key_a).at("id").as_string());
  const std::string review(Item("uat-review", p_.org_a, p_.key_a).at("id").as_string());
  EXPECT_EQ(Call("PATCH", item_url + suite, p_.key_a, R"({"status": "done"})").status, 403)
      << "evidence decides it";
  EXPECT_EQ(Call("PATCH", item_url + review, p_.key_a, R"({"status": "done"})").status, 403)
      << "the vendor's item";
  EXPECT_EQ(Call("PATCH", item_url + review, p_.key_a, R"({"title": "mine"})").status, 403);
  EXPECT_EQ(Call("PATCH", item_url + review, p_.key_b, R"({"status": "done"})").status, 404)
      << "B does not see A's board";
  EXPECT_EQ(Call("PATCH", item_url + review, vendor_.api_key, R"({"status": "maybe"})").status,
            422);

  // The vendor decides an evidence item by hand; reading the board does not undo it.
  Reply waived = Call("PATCH", item_url + suite, vendor_.api_key, R"({"status": "done"})");
  ASSERT_EQ(waived.status, 200) << waived.body;
  EXPECT_EQ(Item("sandbox-suite", p_.org_a, p_.key_a).at("status"), "done");

  // Links point at the partner's own evidence only; comments are kept with the history.
  Reply other_run = Call("PATCH", item_url + review, vendor_.api_key,
                         R"({"links": [{"kind": "run", "id": "run_nope"}]})");
  EXPECT_EQ(other_run.status, 422) << other_run.body;
  EXPECT_NE(other_run.body.find("links[0]"), std::string::npos) << other_run.body;
  EXPECT_EQ(Call("PATCH", item_url + review, vendor_.api_key,
                 R"json({"links": [{"kind": "url", "id": "javascript:alert(1)"}]})json")
                .status,
            422);
  Reply linked = Call("PATCH", item_url + review, vendor_.api_key,
                      R"({"links": [{"kind": "url", "id": "https://docs.example/uat"}]})");
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.json().at("links").at(0).at("id"), "https://docs.example/uat");
  Reply comment = Call("POST", item_url + review + "/comments", p_.key_a,
                       R"({"body": "UAT evidence is in run 12"})");
  ASSERT_EQ(comment.status, 201) << comment.body;
  Reply events = Call("GET", item_url + review + "/events", vendor_.api_key);
  EXPECT_NE(events.body.find("UAT evidence is in run 12"), std::string::npos) << events.body;

  // Only the vendor adds and removes items.
  EXPECT_EQ(
      Call("POST", BoardUrl(p_.org_a) + "/items", p_.key_a, R"({"phase": 0, "title": "Mine"})")
          .status,
      403);
  Reply added = Call("POST", BoardUrl(p_.org_a) + "/items", vendor_.api_key,
                     R"({"phase": 4, "title": "Sign the contract", "owner": "partner"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json().at("phase_name"), "Go-live");
  EXPECT_EQ(Call("POST", BoardUrl(p_.org_a) + "/items", vendor_.api_key,
                 R"({"phase": 9, "title": "Nowhere"})")
                .status,
            422);
  EXPECT_EQ(Call("DELETE", item_url + IdOf(added), p_.key_a).status, 403);
  EXPECT_EQ(Call("DELETE", item_url + IdOf(added), vendor_.api_key).status, 204);
}

TEST_F(PlanBoardTest, NotesAcknowledgedCompleteTheirItemAndANewNoteReopensIt) {
  // No notes yet: nothing to acknowledge.
  EXPECT_EQ(Item("read-notes", p_.org_a, p_.key_a).at("status"), "done");
  Reply note = Call("POST", Url(p_.base + "/annotations"), vendor_.api_key,
                    R"({"operation_id": "createRefund", "kind": "tip",
                        "message": "Refunds settle overnight"})");
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(DoneWhenItIs(p_.org_a, 0), 0) << "a new note reopened it";
  const std::string ack = Url(p_.base + "/annotations/" + IdOf(note) + "/acknowledgement");
  EXPECT_EQ(Call("POST", ack, vendor_.api_key).status, 403);
  EXPECT_EQ(Call("POST", ack, p_.key_a).status, 204);
  EXPECT_EQ(Call("POST", ack, p_.key_a).status, 204) << "again is a no-op";
  boost::json::object item = Item("read-notes", p_.org_a, p_.key_a);
  EXPECT_EQ(item.at("status"), "done");
  EXPECT_EQ(item.at("evidence").at("summary"), "1 of 1 notes acknowledged");
  EXPECT_EQ(Item("read-notes", p_.org_b, p_.key_b).at("status"), "open");
  Reply mine = Call("GET", Url(p_.base + "/acknowledged-annotations"), p_.key_a);
  EXPECT_NE(mine.body.find(IdOf(note)), std::string::npos) << mine.body;
}

TEST_F(PlanBoardTest, TheVendorsTemplateSeedsBoardsAndBadOnesSayWhere) {
  Reply defaults = Call("GET", Url(p_.base + "/plan/template"), vendor_.api_key);
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  EXPECT_EQ(defaults.json().at("phases").as_array().size(), 5u);
  EXPECT_EQ(Call("GET", Url(p_.base + "/plan/template"), p_.key_a).status, 403);

  Reply bad = Call("PUT", Url(p_.base + "/plan/template"), vendor_.api_key,
                   R"({"phases": [{"name": "One", "items": [
                        {"key": "a", "title": "A", "rule": {"kind": "golden_passing"}}]}]})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("phases[0].items[0].rule.environment"), std::string::npos) << bad.body;
  Reply twice = Call("PUT", Url(p_.base + "/plan/template"), vendor_.api_key,
                     R"({"phases": [{"name": "One", "items": [
                          {"key": "a", "title": "A"}, {"key": "a", "title": "B"}]}]})");
  EXPECT_EQ(twice.status, 422) << twice.body;

  Item("go-live-date", p_.org_a, p_.key_a);  // A's board, seeded from the default
  Reply set = Call("PUT", Url(p_.base + "/plan/template"), vendor_.api_key,
                   R"({"phases": [{"name": "Connect", "items": [
                        {"key": "first-call", "title": "First call", "due_days": 1,
                         "rule": {"kind": "first_success", "environment": "Sandbox"}}]},
                       {"name": "Launch", "items": [{"key": "launch", "title": "Launch",
                         "owner": "vendor"}]}]})");
  ASSERT_EQ(set.status, 200) << set.body;
  // A partner invited now gets the vendor's template; A's board, seeded before, keeps its
  // items.
  Item("go-live-date", p_.org_a, p_.key_a);
  Reply invited = Call("POST", Url(p_.base + "/partners"), vendor_.api_key,
                       R"({"name": "Partner C", "admin_email": "dev@c.test"})");
  ASSERT_EQ(invited.status, 201) << invited.body;
  const std::string org_c(invited.json().at("org").at("id").as_string());
  Reply board = Call("GET", BoardUrl(org_c), vendor_.api_key);
  ASSERT_EQ(board.status, 200) << board.body;
  const boost::json::value json = board.json();
  ASSERT_EQ(json.at("phases").as_array().size(), 2u) << board.body;
  EXPECT_EQ(json.at("phases").at(0).at("name"), "Connect");
  EXPECT_FALSE(json.at("phases").at(0).at("items").at(0).at("due_at").is_null());
}

}  // namespace
}  // namespace icopilot::testing
