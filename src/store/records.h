// The rows the repositories return, as plain structs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/scope.h"

namespace icopilot::store {

struct Org {
  std::string id;
  std::string name;
  std::string kind;  // "vendor" or "partner"
  std::int64_t created_at = 0;
};

struct User {
  std::string id;
  std::string org_id;
  std::string email;
  std::string name;
  Role role = Role::kMember;
  std::string password_hash;
  std::int64_t created_at = 0;
  // Chosen by someone else (a partner's invitation): the user must set their own before
  // doing anything else with a session.
  bool password_temporary = false;
};

struct ApiKey {
  std::string id;
  std::string org_id;
  std::string user_id;
  std::string name;
  Role role = Role::kMember;
  std::string prefix;  // the first characters of the key, to recognise it in lists
  std::int64_t created_at = 0;
  std::optional<std::int64_t> expires_at;
  std::optional<std::int64_t> revoked_at;
  std::optional<std::int64_t> last_used_at;
};

struct Session {
  std::string id;
  std::string user_id;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

struct Project {
  std::string id;
  std::string org_id;
  std::string name;
  std::string description;
  std::optional<std::int64_t> archived_at;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// One uploaded version of a project's API description (the text as sent).
struct SpecVersion {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string label;
  std::string title;
  std::string openapi_version;
  std::int64_t operation_count = 0;
  std::string base_path;  // of the spec's first server URL: "/v1", or ""
  std::string created_by;
  std::int64_t created_at = 0;
};

// A vendor's note on an operation of a project's API (annotations.md): what it points at
// (`pointer` into the operation's request: "", "/query/limit", "/body/amount"), its kind,
// Markdown message, optional link and optional condition (contract/condition.h), as text.
struct AnnotationRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string operation_id;
  std::string pointer;
  std::string kind;
  std::string message;
  std::string link;
  std::string condition;
  std::string created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A request saved as a test case. `partner_org_id` is the partner it belongs to, "" for
// every partner of the project (saved by the vendor, or promoted: `promoted_from` is then
// the partner it came from). `request` is JSON {path, query, headers, body}; `checks` is
// JSON {body_schema, fields: [{pointer, equals}]}.
struct SavedCaseRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string partner_org_id;
  std::string promoted_from;
  std::string operation_id;
  std::string name;
  std::string request;
  std::int64_t expected_status = 200;
  std::string checks;
  std::string created_by;
  std::int64_t created_at = 0;
};

// One item of a partner's plan board (plan-board.md). `rule` is JSON naming the evidence
// that decides it ("" when people do); `evidence` is JSON of what last moved it
// automatically ({kind, id, summary, at}, "" before); `links` a JSON array of
// {kind, id, run_id?}. `item_key` names the template item it was seeded from ("" for an
// item added to this board).
struct PlanItemRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string partner_org_id;
  std::int64_t phase = 0;
  std::string phase_name;
  std::int64_t position = 0;
  std::string item_key;
  std::string title;
  std::string description;
  std::string owner_side = "partner";  // vendor, partner
  std::string assignee;
  std::optional<std::int64_t> due_at;
  std::string rule;
  std::string status = "open";  // open, done
  std::string decided_by;       // "evidence", "vendor", "partner", or "" while never moved
  std::string evidence;
  std::string links = "[]";
  std::optional<std::int64_t> completed_at;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// What happened to a plan item: completed, reopened, updated, comment. `actor_id` is a
// user id or "evidence"; `evidence` JSON for automatic changes, "" otherwise.
struct PlanEventRecord {
  std::string id;
  std::string item_id;
  std::string project_id;
  std::string partner_org_id;
  std::string kind;
  std::string actor_id;
  std::string actor_org_id;
  std::string message;
  std::string evidence;
  std::int64_t created_at = 0;
};

// A hosted mock of one spec version. `config` is the mock's JSON settings;
// `credentials_sealed` its generated credentials, encrypted with the data folder's key.
struct MockRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string spec_version_id;
  std::string name;
  std::string config;
  std::string credentials_sealed;
  std::optional<std::int64_t> port;  // a dedicated port, besides /mocks/{id}
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string base_path;  // the spec version's, read with the mock
};

// A place a project's golden suite runs against (Sandbox, UAT). `settings_sealed` holds
// what must not be read back: default headers, credentials, the client key, CA bundle
// and client certificate (JSON, encrypted with the data folder's key).
struct EnvironmentRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string name;
  std::string base_url;
  bool verify_tls = true;
  std::int64_t timeout_ms = 10'000;
  std::string settings_sealed;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // The proxy adds the environment's credentials to requests that carry none of their own.
  bool proxy_credentials = false;
};

// One run of the golden suite. `environment_id` is an environment's id or "mock" (the
// project's hosted mock). `requester_org_id` is the org of who asked: partners see only
// their own org's runs.
struct RunRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string spec_version_id;
  std::string environment_id;
  std::string requested_by;
  std::string requester_org_id;
  std::string status;   // queued, running, finished, failed
  std::string options;  // JSON: categories, read_only, exclude_operations, case
  std::string summary;  // JSON: the counts, {} until finished
  std::optional<bool> passed;
  std::string error;  // why a run failed as a whole
  std::int64_t created_at = 0;
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> finished_at;
  // Times an instance took the run up: more than one when it was taken over (resumed).
  std::int64_t attempts = 0;
};

// One result of a run. `detail` is JSON: title, operation, notes, evidence, duration.
struct RunCaseRecord {
  std::int64_t position = 0;
  std::string case_id;
  std::string category;
  std::string operation_id;
  std::string status;
  bool required = true;
  std::string reason;
  std::string detail;
};

// One trace: the columns queries filter on, and the whole checked and redacted trace
// (traces::TraceJson) in `record`. `created_at` is when the call started.
struct TraceRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string environment_id;
  std::string partner_org_id;  // "" when the source did not say
  std::string source;          // ingest, proxy, har
  std::string operation_id;    // "" when no operation matched
  std::string method;
  std::int64_t status = 0;
  std::int64_t violation_count = 0;
  std::string violation_keywords;  // ",type,required,": each keyword once
  std::int64_t created_at = 0;
  std::int64_t received_at = 0;
  std::string record;
};

// What a trace query asks for; empty fields do not filter.
struct TraceFilter {
  std::string environment_id;
  std::string partner_org_id;
  std::string operation_id;
  std::optional<std::int64_t> status;
  std::string violation;             // "any", "none", or a keyword (type, required, ...)
  std::optional<std::int64_t> from;  // created_at >= from
  std::optional<std::int64_t> to;    // created_at < to
};

// An environment's ingest signing secret; `expires_at` is set when a newer one replaced it.
struct TraceSecretRecord {
  std::string id;
  std::string environment_id;
  std::string secret_sealed;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> expires_at;
};

// Calls of one partner to one operation on one day (UTC).
struct TraceDailyCount {
  std::string partner_org_id;
  std::string operation_id;
  std::int64_t day = 0;  // days since the epoch
  std::int64_t calls = 0;
  std::int64_t errors = 0;  // status >= 400, or no answer
  std::int64_t with_violations = 0;
};

struct TracePartnerFirsts {
  std::string partner_org_id;
  std::int64_t first_call = 0;
  std::optional<std::int64_t> first_success;  // first 2xx
  std::int64_t calls = 0;
};

struct ProjectPartner {
  std::string project_id;
  std::string partner_org_id;
  std::string partner_name;
  std::string invited_by;
  std::int64_t created_at = 0;
};

struct AuditEvent {
  std::string id;
  std::string org_id;
  std::string actor_id;
  std::string action;  // "project.create"
  std::string target_type;
  std::string target_id;
  std::string client_address;
  std::string request_id;
  std::string detail;  // JSON object as text
  std::int64_t created_at = 0;
};

// Keyset pagination: newest first, resumed after (created_at, id) of the last item.
struct PageRequest {
  int limit = 50;
  std::optional<std::int64_t> after_created_at;
  std::string after_id;
};

template <typename T>
struct Page {
  std::vector<T> items;
  bool has_more = false;
};

}  // namespace icopilot::store
