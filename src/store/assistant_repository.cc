#include "store/assistant_repository.h"

#include <cstdlib>

#include "core/status_macros.h"
#include "core/strings.h"
#include "store/paging.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kQuestionColumns =
    "id, org_id, project_id, partner_org_id, asked_by, question, about_kind, about_id, intent, "
    "answer, answered_by, grounded, citations, dropped_citations, helpful, feedback, created_at, "
    "model_error";

QuestionRecord ReadQuestion(const Row& row) {
  QuestionRecord q{row.Text(0),  row.Text(1),      row.Text(2), row.Text(3), row.Text(4),
                   row.Text(5),  row.Text(6),      row.Text(7), row.Text(8), row.Text(9),
                   row.Text(10), row.Int(11) != 0, row.Int(12), row.Int(13), std::nullopt,
                   row.Text(15), row.Int(16),      row.Text(17)};
  if (auto helpful = row.OptionalInt(14)) q.helpful = *helpful != 0;
  return q;
}

// An FTS5 query matching any of the words, each quoted so that no word is read as syntax.
std::string AnyOf(const std::vector<std::string>& words) {
  std::string query;
  for (const auto& word : words) {
    std::string quoted = "\"";
    for (char c : word) {
      if (c == '"')
        quoted += "\"\"";
      else
        quoted.push_back(c);
    }
    quoted += "\"";
    query += query.empty() ? quoted : StrCat(" OR ", quoted);
  }
  return query;
}

// The same for PostgreSQL's web search syntax: each word a quoted phrase (a `"` cannot be
// escaped there, so it is dropped), joined with `or`.
std::string AnyOfWebSearch(const std::vector<std::string>& words) {
  std::string query;
  for (const auto& word : words) {
    std::string quoted = "\"";
    for (char c : word) {
      if (c != '"') quoted.push_back(c);
    }
    quoted += "\"";
    query += query.empty() ? quoted : StrCat(" or ", quoted);
  }
  return query;
}

}  // namespace

absl::StatusOr<std::optional<std::string>> AssistantRepository::IndexStamp(
    std::string_view project_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT stamp FROM assistant_index WHERE project_id = ?",
                                        {std::string(project_id)}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

absl::Status AssistantRepository::ReplacePassages(std::string_view project_id,
                                                  const std::string& stamp,
                                                  const std::vector<PassageRecord>& passages,
                                                  std::int64_t now) {
  RETURN_IF_ERROR(db_.Execute("DELETE FROM assistant_passages WHERE project_id = ? AND "
                              "kind <> 'answer'",
                              {std::string(project_id)})
                      .status());
  for (const auto& passage : passages) RETURN_IF_ERROR(AddPassage(project_id, passage));
  return db_
      .Execute(
          "INSERT INTO assistant_index (project_id, stamp, updated_at) VALUES (?, ?, ?) "
          "ON CONFLICT (project_id) DO UPDATE SET stamp = excluded.stamp, "
          "updated_at = excluded.updated_at",
          {std::string(project_id), stamp, now})
      .status();
}

absl::Status AssistantRepository::AddPassage(std::string_view project_id,
                                             const PassageRecord& passage) {
  return db_
      .Execute(
          "INSERT INTO assistant_passages (title, body, project_id, partner_org_id, kind, ref) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {passage.title, passage.body, std::string(project_id), passage.partner_org_id,
           passage.kind, passage.ref})
      .status();
}

absl::StatusOr<std::vector<PassageHit>> AssistantRepository::Search(
    std::string_view project_id, std::string_view partner_org_id,
    const std::vector<std::string>& words, bool answers, int limit) {
  std::vector<PassageHit> hits;
  if (words.empty()) return hits;
  // Full-text search is each engine's own: FTS5 (MATCH, bm25, snippet) on SQLite, a
  // tsvector (websearch_to_tsquery, ts_rank, ts_headline) on PostgreSQL. Both give a score
  // where higher is better and a fragment with the matches in **bold**.
  const std::string_view kinds = answers ? "kind = 'answer'" : "kind <> 'answer'";
  std::string sql;
  std::string query;
  if (db_.dialect() == Dialect::kPostgres) {
    sql = StrCat(
        "SELECT kind, ref, title, ts_headline('english', body, q, 'StartSel=**, StopSel=**, "
        "MaxWords=24, MinWords=8'), ts_rank(document, q) FROM assistant_passages, "
        "websearch_to_tsquery('english', ?) AS q WHERE document @@ q AND project_id = ? AND "
        "(partner_org_id = '' OR partner_org_id = ?) AND ",
        kinds, " ORDER BY ts_rank(document, q) DESC LIMIT ?");
    query = AnyOfWebSearch(words);
  } else {
    sql = StrCat(
        "SELECT kind, ref, title, snippet(assistant_passages, 1, '**', '**', '…', 24), "
        "-bm25(assistant_passages, 4.0, 1.0) FROM assistant_passages "
        "WHERE assistant_passages MATCH ? AND project_id = ? AND "
        "(partner_org_id = '' OR partner_org_id = ?) AND ",
        kinds, " ORDER BY bm25(assistant_passages, 4.0, 1.0) LIMIT ?");
    query = AnyOf(words);
  }
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, {query, std::string(project_id),
                                              std::string(partner_org_id), std::int64_t{limit}}));
  for (const Row& row : rows) {
    const std::string score = row.Text(4);
    hits.push_back(
        {row.Text(0), row.Text(1), row.Text(2), row.Text(3), std::strtod(score.c_str(), nullptr)});
  }
  return hits;
}

absl::Status AssistantRepository::InsertQuestion(const QuestionRecord& q) {
  std::vector<SqlValue> params{q.id,         q.org_id,           q.project_id,
                               q.partner,    q.asked_by,         q.question,
                               q.about_kind, q.about_id,         q.intent,
                               q.answer,     q.answered_by,      std::int64_t{q.grounded},
                               q.citations,  q.dropped_citations};
  if (q.helpful)
    params.emplace_back(std::int64_t{*q.helpful});
  else
    params.emplace_back(nullptr);
  params.emplace_back(q.feedback);
  params.emplace_back(q.created_at);
  params.emplace_back(q.model_error);
  return db_
      .Execute(StrCat("INSERT INTO assistant_questions (", kQuestionColumns,
                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
               params)
      .status();
}

absl::StatusOr<std::optional<QuestionRecord>> AssistantRepository::FindQuestion(
    std::string_view project_id, std::string_view id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kQuestionColumns,
                                               " FROM assistant_questions WHERE project_id = ? "
                                               "AND id = ?"),
                                        {std::string(project_id), std::string(id)}));
  if (rows.empty()) return std::optional<QuestionRecord>();
  return std::optional<QuestionRecord>(ReadQuestion(rows[0]));
}

absl::StatusOr<Page<QuestionRecord>> AssistantRepository::ListQuestions(
    std::string_view project_id, std::string_view partner_org_id, const PageRequest& page) {
  std::string sql =
      StrCat("SELECT ", kQuestionColumns, " FROM assistant_questions WHERE project_id = ?");
  std::vector<SqlValue> params{std::string(project_id)};
  if (!partner_org_id.empty()) {
    sql += " AND partner_org_id = ?";
    params.emplace_back(std::string(partner_org_id));
  }
  AppendPageClause(page, "", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<QuestionRecord>(rows, page, ReadQuestion);
}

absl::StatusOr<std::vector<std::int64_t>> AssistantRepository::QuestionTimesSince(
    std::string_view project_id, std::string_view partner_org_id, std::int64_t since) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT created_at FROM assistant_questions WHERE "
                             "project_id = ? AND partner_org_id = ? AND "
                             "created_at >= ? ORDER BY created_at",
                             {std::string(project_id), std::string(partner_org_id), since}));
  std::vector<std::int64_t> times;
  times.reserve(rows.size());
  for (const auto& row : rows) times.push_back(row.Int(0));
  return times;
}

absl::Status AssistantRepository::SetFeedback(std::string_view id, bool helpful,
                                              const std::string& comment) {
  return db_
      .Execute("UPDATE assistant_questions SET helpful = ?, feedback = ? WHERE id = ?",
               {std::int64_t{helpful}, comment, std::string(id)})
      .status();
}

absl::StatusOr<std::vector<QuestionUsage>> AssistantRepository::Usage(std::string_view project_id,
                                                                      std::int64_t since) {
  ASSIGN_OR_RETURN(
      auto rows,
      db_.Query("SELECT partner_org_id, created_at / 86400000 AS day, COUNT(*), SUM(grounded), "
                "SUM(CASE WHEN answered_by = 'model' THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) "
                "FROM assistant_questions WHERE project_id = ? AND created_at >= ? "
                "GROUP BY partner_org_id, day ORDER BY day, partner_org_id",
                {std::string(project_id), since}));
  std::vector<QuestionUsage> usage;
  for (const Row& r : rows)
    usage.push_back({r.Text(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4),
                     r.OptionalInt(5).value_or(0), r.OptionalInt(6).value_or(0)});
  return usage;
}

absl::StatusOr<std::optional<ModelRecord>> AssistantRepository::FindModel(std::string_view org_id) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT org_id, base_url, model, api_key_sealed, timeout_ms, stream, "
                             "updated_by, updated_at FROM assistant_models WHERE org_id = ?",
                             {std::string(org_id)}));
  if (rows.empty()) return std::optional<ModelRecord>();
  const Row& r = rows[0];
  return std::optional<ModelRecord>(ModelRecord{r.Text(0), r.Text(1), r.Text(2), r.Text(3),
                                                r.Int(4), r.Int(5) != 0, r.Text(6), r.Int(7)});
}

absl::Status AssistantRepository::PutModel(const ModelRecord& m) {
  return db_
      .Execute(
          "INSERT INTO assistant_models (org_id, base_url, model, api_key_sealed, timeout_ms, "
          "stream, "
          "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE "
          "SET "
          "base_url = excluded.base_url, model = excluded.model, api_key_sealed = "
          "excluded.api_key_sealed, "
          "timeout_ms = excluded.timeout_ms, stream = excluded.stream, updated_by = "
          "excluded.updated_by, "
          "updated_at = excluded.updated_at",
          {m.org_id, m.base_url, m.model, m.api_key_sealed, m.timeout_ms, std::int64_t{m.stream},
           m.updated_by, m.updated_at})
      .status();
}

absl::Status AssistantRepository::DeleteModel(std::string_view org_id) {
  return db_.Execute("DELETE FROM assistant_models WHERE org_id = ?", {std::string(org_id)})
      .status();
}

}  // namespace icopilot::store
