// The assistant (docs/assistant.md): a partner's question answered from that partner's own
// evidence (failed cases, traces with errors or violations, the plan board), the vendor's
// notes that apply and the spec, with every claim cited. Everything it reads comes through
// the services that scope it to the asker, so a partner's answer can hold nothing of
// another partner's. Questions are kept with their answers for the vendor to read, and
// throttled per partner per hour and per day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "assistant/answer.h"
#include "core/clock.h"
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

struct AssistantReply {
  store::QuestionRecord record;
  assistant::Answer answer;  // citation links absolute in the asker's portal
};

struct AssistantServices {
  MockService& specs;
  GoldenService& golden;
  TraceService& traces;
  PlanService& plans;
  AnnotationService& annotations;
};

class AssistantService {
 public:
  AssistantService(store::Database& db, const Clock& clock, AssistantServices services,
                   AssistantLimits limits = {})
      : db_(db), clock_(clock), s_(services), limits_(limits) {}

  static constexpr std::size_t kMaxQuestion = 2000;  // characters

  // NotFound when the asker may not read the partner's board; InvalidArgument for an empty
  // or too long question, or a vendor naming no partner; ResourceExhausted past the limits.
  absl::StatusOr<AssistantReply> Ask(const Actor& actor, std::string_view project_id,
                                     const AskInput& input);
  // The vendor reads every partner's questions (or one's); a partner its own.
  absl::StatusOr<store::Page<store::QuestionRecord>> List(const Actor& actor,
                                                          std::string_view project_id,
                                                          std::string_view partner_org_id,
                                                          const store::PageRequest& page);
  // The asker's org only (a partner rates its own answers).
  absl::Status Rate(const Actor& actor, std::string_view project_id, std::string_view question_id,
                    bool helpful, const std::string& comment);

 private:
  absl::StatusOr<assistant::Grounding> Gather(const Actor& actor, std::string_view project_id,
                                              const std::string& partner_org_id,
                                              const assistant::Question& question);
  absl::Status Throttle(std::string_view project_id, const std::string& partner_org_id);

  store::Database& db_;
  const Clock& clock_;
  AssistantServices s_;
  AssistantLimits limits_;
};

}  // namespace icopilot::services
