// Answers with a language model behind an OpenAI-compatible chat-completions endpoint
// (llama.cpp's server, Ollama, vLLM, hosted services): the request built from the
// question and the grounding, the model's reply read (whole, or as server-sent events),
// and its citations checked against the grounding. The model sees only the grounding,
// which holds evidence as it was stored (secrets masked, personal data redacted).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "assistant/answer.h"
#include "assistant/grounding.h"
#include "assistant/question.h"

namespace icopilot::assistant {

inline constexpr std::size_t kMaxPromptBytes = 24 * 1024;  // the grounding given to a model
inline constexpr std::size_t kMaxModelAnswer = 8 * 1024;   // characters of an answer kept

// The chat-completions request body for `model`; `stream` asks for server-sent events.
// The grounding is given as numbered-free blocks tagged [kind:id], which the model is told
// to cite; the rules' answer is given too, as a draft to improve on.
std::string ChatRequest(const std::string& model, const Question& question,
                        const Grounding& grounding, const Answer& draft, bool stream);

// The answer's text from a chat-completions reply: {"choices": [{"message": {"content"}}]},
// or the concatenated `delta.content` of its `data:` events when streamed. InvalidArgument
// saying what is wrong when neither.
absl::StatusOr<std::string> ReadChatReply(const std::string& body, bool streamed);

struct ModelAnswer {
  Answer answer;
  int dropped_citations = 0;  // [kind:id] markers naming nothing in the grounding
};

// The model's text as an answer: each [kind:id] it cites that is in the grounding becomes
// a numbered citation ([n]) with its portal link; one naming nothing is dropped and
// counted; the text is cut at kMaxModelAnswer. It stays Markdown for the portal's safe
// renderer (raw HTML is shown as text there).
ModelAnswer GroundModelText(const std::string& text, const Question& question,
                            const Grounding& grounding);

// The model's answer while it streams: fed the reply's bytes as they arrive, it gives the
// grounded Markdown added since the last call, only what can no longer change (a
// half-written [kind:id] waits for its end). A preview: the pieces put together are the
// final answer's Markdown for any sane reply, and the final answer (GroundModelText of the
// whole reply) is what is kept and shown at the end.
class StreamedAnswer {
 public:
  StreamedAnswer(const Question& question, const Grounding& grounding)
      : question_(question), grounding_(grounding) {}
  std::string Feed(std::string_view bytes);

 private:
  const Question& question_;
  const Grounding& grounding_;
  std::string line_;      // an event line not yet ended
  std::string text_;      // the model's text so far
  std::size_t sent_ = 0;  // Markdown bytes given out
  bool done_ = false;
};

}  // namespace icopilot::assistant
