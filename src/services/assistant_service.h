// The assistant (docs/assistant.md): a partner's question answered from that partner's own
// evidence (failed cases, traces with errors or violations, the plan board), the vendor's
// notes that apply and the spec, with every claim cited. Everything it reads comes through
// the services that scope it to the asker, so a partner's answer can hold nothing of
// another partner's. Questions are kept with their answers for the vendor to read, and
// throttled per partner per hour and per day.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "assistant/answer.h"
#include "assistant/model_answer.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "services/actor.h"
#include "services/assistant_limits.h"
#include "store/assistant_repository.h"
#include "store/database.h"

namespace icopilot::services {

class AnnotationService;
class GoldenService;
class MockService;
class PlanService;
class TraceService;

struct AskInput {
  std::string question;
  std::string about_kind;      // "", case, trace
  std::string about_id;        // "run_…/3" for a case, a trace id
  std::string partner_org_id;  // whose evidence, when the vendor asks; partners ask for their own
};

// The vendor's language model as it is shown: never the key itself.
struct ModelView {
  std::string base_url;
  std::string model;
  bool has_api_key = false;
  std::int64_t timeout_ms = 0;
  bool stream = true;
  std::int64_t updated_at = 0;
};

struct ModelInput {
  std::string base_url;
  std::string model;
  std::optional<std::string> api_key;  // nullopt keeps the stored one; "" removes it
  std::int64_t timeout_ms = 20000;
  bool stream = true;
};

struct AssistantReply {
  store::QuestionRecord record;
  assistant::Answer answer;  // citation links absolute in the asker's portal
};

// A question checked, throttled and grounded, not yet answered: asking in two steps lets
// the API refuse a question before it starts streaming the answer.
struct PreparedQuestion {
  std::string project_id;
  std::string project_org_id;
  std::string partner;
  assistant::Question question;
  assistant::Grounding grounding;
  assistant::Answer draft;                  // the answer without a model
  std::optional<store::ModelRecord> model;  // the vendor's, when connected
};

// Receives the model's answer as it is written: Markdown settled so far, piece by piece.
using TextSink = std::function<void(std::string_view markdown)>;

struct AssistantServices {
  MockService& specs;
  GoldenService& golden;
  TraceService& traces;
  PlanService& plans;
  AnnotationService& annotations;
};

class AssistantService {
 public:
  AssistantService(store::Database& db, const Clock& clock, const SecretBox& box,
                   AssistantServices services, AssistantLimits limits = {},
                   bool allow_private_targets = false)
      : db_(db),
        clock_(clock),
        box_(box),
        s_(services),
        limits_(limits),
        allow_private_targets_(allow_private_targets) {}

  static constexpr std::size_t kMaxQuestion = 2000;  // characters

  // NotFound when the asker may not read the partner's board; InvalidArgument for an empty
  // or too long question, or a vendor naming no partner; ResourceExhausted past the limits.
  absl::StatusOr<AssistantReply> Ask(const Actor& actor, std::string_view project_id,
                                     const AskInput& input);
  // Ask in two steps. Prepare fails as Ask does; Answer asks the model (streaming what it
  // writes to `on_text`, when given), falls back to the draft, and keeps the question.
  absl::StatusOr<PreparedQuestion> Prepare(const Actor& actor, std::string_view project_id,
                                           const AskInput& input);
  absl::StatusOr<AssistantReply> Answer(const Actor& actor, const PreparedQuestion& prepared,
                                        const TextSink& on_text = {});
  // The vendor reads every partner's questions (or one's); a partner its own.
  absl::StatusOr<store::Page<store::QuestionRecord>> List(const Actor& actor,
                                                          std::string_view project_id,
                                                          std::string_view partner_org_id,
                                                          const store::PageRequest& page);
  // The vendor's model (docs/assistant.md): its owners and admins only (PermissionDenied
  // otherwise). nullopt when none is set.
  absl::StatusOr<std::optional<ModelView>> GetModel(const Actor& actor);
  absl::StatusOr<ModelView> SetModel(const Actor& actor, const ModelInput& input);
  absl::Status DeleteModel(const Actor& actor);

  // The vendor's view of how the assistant is used: per partner per UTC day over the last
  // `days` days (1 to 365).
  absl::StatusOr<std::vector<store::QuestionUsage>> Usage(const Actor& actor,
                                                          std::string_view project_id,
                                                          std::int64_t days);

  // The asker's org only (a partner rates its own answers).
  absl::Status Rate(const Actor& actor, std::string_view project_id, std::string_view question_id,
                    bool helpful, const std::string& comment);

 private:
  absl::StatusOr<assistant::Grounding> Gather(const Actor& actor, std::string_view project_id,
                                              const std::string& partner_org_id,
                                              const assistant::Question& question);
  absl::Status Throttle(std::string_view project_id, const std::string& partner_org_id);
  // A stored trace as evidence, with the notes its request met.
  assistant::TraceEvidence TraceEvidenceOf(const Actor& actor, std::string_view project_id,
                                           const store::TraceRecord& t,
                                           const std::map<std::string, std::string>& environments);
  // The model's answer, or why there is none (the rules' answer stands then).
  absl::StatusOr<assistant::ModelAnswer> AskModel(const store::ModelRecord& model,
                                                  const assistant::Question& question,
                                                  const assistant::Grounding& grounding,
                                                  const assistant::Answer& draft,
                                                  const TextSink& on_text);

  store::Database& db_;
  const Clock& clock_;
  const SecretBox& box_;
  AssistantServices s_;
  AssistantLimits limits_;
  bool allow_private_targets_;
};

}  // namespace icopilot::services
