// The assistant's store: the project's passages in an FTS5 index (BM25 ranking), the stamp
// that says what they were built from, and the questions asked with their answers. The
// caller has checked who may read what (PlanRepository::RequireBoard for a partner's
// questions, RequireVisibleProject for the list); passages of one partner's earlier
// answers are only ever searched for that partner.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

struct PassageRecord {
  std::string kind;  // operation, schema, annotation, doc, answer
  std::string ref;
  std::string title;
  std::string body;
  std::string partner_org_id;  // "" for every partner
};

struct PassageHit {
  std::string kind;
  std::string ref;
  std::string title;
  std::string fragment;  // the best part of the body, matches marked with **
  double score = 0;      // higher is better (BM25 negated)
};

struct QuestionRecord {
  std::string id;
  std::string org_id;  // the vendor's
  std::string project_id;
  std::string partner;  // the partner org whose evidence answered it
  std::string asked_by;
  std::string question;
  std::string about_kind;
  std::string about_id;
  std::string intent;
  std::string answer;       // JSON: markdown, citations, snippet
  std::string answered_by;  // rules, model
  bool grounded = false;
  std::int64_t citations = 0;
  std::int64_t dropped_citations = 0;
  std::optional<bool> helpful;
  std::string feedback;
  std::int64_t created_at = 0;
  std::string model_error;  // why the vendor's model did not answer; "" when it did or none is set
};

struct ModelRecord {
  std::string org_id;
  std::string base_url;  // "https://llm.example.com/v1": chat completions at /chat/completions
  std::string model;
  std::string api_key_sealed;  // "" when the endpoint takes no key
  std::int64_t timeout_ms = 20000;
  bool stream = true;
  std::string updated_by;
  std::int64_t updated_at = 0;
};

// Questions of one partner on one UTC day.
struct QuestionUsage {
  std::string partner;
  std::int64_t day = 0;  // days since 1970-01-01, UTC
  std::int64_t questions = 0;
  std::int64_t grounded = 0;  // answered from evidence, nobody needed
  std::int64_t by_model = 0;
  std::int64_t helpful = 0;
  std::int64_t not_helpful = 0;
};

class AssistantRepository {
 public:
  explicit AssistantRepository(SqlExecutor& db) : db_(db) {}

  // What the project's shared passages were built from; nullopt before the first build.
  absl::StatusOr<std::optional<std::string>> IndexStamp(std::string_view project_id);
  // Replaces the project's shared passages (answers stay) and records the stamp.
  absl::Status ReplacePassages(std::string_view project_id, const std::string& stamp,
                               const std::vector<PassageRecord>& passages, std::int64_t now);
  absl::Status AddPassage(std::string_view project_id, const PassageRecord& passage);
  // The best `limit` passages for the words (any of them), shared or the partner's own:
  // earlier answers (`answers`) or everything else.
  absl::StatusOr<std::vector<PassageHit>> Search(std::string_view project_id,
                                                 std::string_view partner_org_id,
                                                 const std::vector<std::string>& words,
                                                 bool answers, int limit);

  absl::Status InsertQuestion(const QuestionRecord& question);
  absl::StatusOr<std::optional<QuestionRecord>> FindQuestion(std::string_view project_id,
                                                             std::string_view id);
  // Newest first; `partner_org_id` "" for every partner's.
  absl::StatusOr<Page<QuestionRecord>> ListQuestions(std::string_view project_id,
                                                     std::string_view partner_org_id,
                                                     const PageRequest& page);
  // When the partner's questions since `since` were asked, oldest first (for throttling).
  absl::StatusOr<std::vector<std::int64_t>> QuestionTimesSince(std::string_view project_id,
                                                               std::string_view partner_org_id,
                                                               std::int64_t since);
  absl::Status SetFeedback(std::string_view id, bool helpful, const std::string& comment);
  // Per partner per day since `since`, oldest day first.
  absl::StatusOr<std::vector<QuestionUsage>> Usage(std::string_view project_id, std::int64_t since);

  absl::StatusOr<std::optional<ModelRecord>> FindModel(std::string_view org_id);
  absl::Status PutModel(const ModelRecord& model);
  absl::Status DeleteModel(std::string_view org_id);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
