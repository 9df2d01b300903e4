// What the assistant knows about one partner in one project when a question comes: the
// evidence the services gathered (already scoped to what the asker may see, secrets
// masked and personal data redacted where it was stored), as plain values. The engine
// reads nothing else, so an answer can only ever cite what is here.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace icopilot::assistant {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Where a claim comes from, and where the reader's portal shows it.
struct Citation {
  std::string kind;  // case, trace, annotation, plan_item, operation, passage
  std::string id;    // the evidence's id ("run_…/3" for a case)
  std::string title;
  std::string link;  // a path in the portal ("/runs/run_…#case-3"), "" when none
};

// A violation of the contract found on an exchange: on the partner's request or the
// vendor's response, at a location ("body/currency", "query/limit").
struct Violation {
  std::string side;
  std::string location;
  std::string message;
  std::string keyword;  // type, required, enum, format, ...
};

// A vendor's note on an operation (annotations.md) that the asker may read.
struct Note {
  std::string id;
  std::string operation_id;
  std::string pointer;  // "/body/amount", "" for the whole operation
  std::string kind;     // tip, known_issue, deprecation, ...
  std::string message;  // Markdown
  std::string link;
};

// One exchange as it was recorded (a case's last request, or a trace).
struct Exchange {
  std::string method;
  std::string url;
  Headers request_headers;
  std::string request_body;
  int status = 0;  // 0 when no answer came
  Headers response_headers;
  std::string response_body;
  std::string error;  // the transport error when no answer came
};

// A golden case that did not pass, in one of the partner's recent runs.
struct FailedCase {
  std::string run_id;
  std::int64_t position = 0;
  std::string case_id;   // "access.missing_scope"
  std::string title;     // the case's title
  std::string category;  // access, validation, ...
  std::string operation_id;
  std::string environment;  // the environment's name ("Sandbox", "Mock")
  std::string verdict;      // failed, error, not_set_up, warning
  bool required = true;
  std::string reason;
  Exchange exchange;                  // the last exchange of its evidence (method empty when none)
  std::vector<std::string> note_ids;  // the notes whose condition its request meets
  std::int64_t finished_at = 0;
};

// A recent call of the partner's that answered an error or broke the contract.
struct TraceEvidence {
  std::string id;
  std::string operation_id;
  std::string environment;
  Exchange exchange;
  std::vector<Violation> violations;
  std::vector<std::string> note_ids;
  std::int64_t at = 0;
};

struct PlanItem {
  std::string id;
  std::string title;
  std::string phase;
  std::string owner_side;        // vendor or partner
  std::string status;            // open, done, ...
  std::int64_t due_at = 0;       // 0 when none
  std::string evidence_summary;  // what the evidence last said ("run run_… failed …")
};

// The part of the spec an operation is: what a request needs and what it may answer.
struct Operation {
  std::string id;
  std::string method;
  std::string path;
  std::string summary;
  std::vector<std::string> scopes;  // OAuth scopes any of its security needs
  std::vector<std::string>
      required_fields;  // "body/amount", "query/limit", "header/idempotency-key"
  std::vector<std::pair<std::string, std::vector<std::string>>> enums;  // location, allowed
  std::vector<int> documented_statuses;
  std::string example_body;  // a valid request body ("" when none)
};

// A passage retrieval found for the question's words (BM25 over the project's operations,
// schemas, notes, docs and earlier answers).
struct Passage {
  std::string kind;  // operation, schema, annotation, doc, answer
  std::string ref;   // the id it stands for (an operation id, a schema name, ...)
  std::string title;
  std::string text;  // the passage's best fragment
  double score = 0;  // higher is better
};

struct Grounding {
  std::string partner_name;
  std::string project_name;
  std::vector<FailedCase> cases;      // newest first
  std::vector<TraceEvidence> traces;  // newest first
  std::vector<Note> notes;            // every note of the project the asker may read
  std::vector<PlanItem> plan;         // the partner's board, in board order
  std::vector<Operation> operations;  // the operations the evidence and passages name
  std::vector<Passage> passages;      // best first
};

}  // namespace icopilot::assistant
