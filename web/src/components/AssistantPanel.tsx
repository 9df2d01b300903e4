// The assistant: a question box and the answer, its claims numbered and each number a
// link to the evidence (docs/assistant.md). `about` asks about one failed case or trace
// (the "Ask about this" buttons); the answer's corrected request shows under it.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client";
import type { Problem } from "../api/errors";
import { postForEvents } from "../api/events";
import type { components } from "../api/schema";
import { Markdown } from "./Markdown";

type Answer = components["schemas"]["AssistantAnswer"];
export interface About {
  kind: "case" | "trace";
  id: string;
  label: string;
  partnerId?: string; // whose evidence, when the vendor asks
}

export function AnswerView({ projectId, answer }: { projectId: string; answer: Answer }) {
  const [rated, setRated] = useState<boolean | null>(answer.helpful ?? null);
  const rate = async (helpful: boolean) => {
    const { response } = await api.POST("/api/v1/projects/{project_id}/assistant/questions/{question_id}/feedback", {
      params: { path: { project_id: projectId, question_id: answer.id } },
      body: { helpful },
    });
    if (response.ok) setRated(helpful);
  };
  return (
    <article class="card stack assistant-answer" aria-label={`Answer to: ${answer.question}`}>
      <p class="muted">
        You asked: <q>{answer.question}</q>
      </p>
      <Markdown text={answer.markdown} />
      {answer.snippet && (
        <details open>
          <summary>The request, corrected</summary>
          <pre class="code">{answer.snippet}</pre>
        </details>
      )}
      {answer.citations.length > 0 && (
        <section aria-label="Evidence cited">
          <h3 class="small-heading">Evidence</h3>
          <ol class="citations">
            {answer.citations.map((c) => (
              <li key={`${c.kind}:${c.id}`}>
                {c.link ? <a href={c.link}>{c.title}</a> : <span>{c.title}</span>}{" "}
                <span class="muted">({c.kind.replace("_", " ")})</span>
              </li>
            ))}
          </ol>
        </section>
      )}
      <p class="inline-actions">
        {rated === null ? (
          <>
            <span class="muted">Did this help?</span>
            <button type="button" class="secondary" onClick={() => void rate(true)}>
              Yes
            </button>
            <button type="button" class="secondary" onClick={() => void rate(false)}>
              No
            </button>
          </>
        ) : (
          <span class="muted" role="status">
            Thanks: rated {rated ? "helpful" : "not helpful"}.
          </span>
        )}
      </p>
    </article>
  );
}

export function AssistantPanel({ projectId, about, initial = "" }: { projectId: string; about?: About; initial?: string }) {
  const [question, setQuestion] = useState(initial);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [writing, setWriting] = useState<string | null>(null); // the model's words so far
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    setAnswer(null);
    setWriting(null);
    setQuestion(initial);
    box.current?.focus();
  }, [about?.id]);

  // The answer streams: a connected model's words show as it writes them, then the whole
  // answer with its citations replaces them.
  const ask = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setAnswer(null);
    setWriting(null);
    let written = "";
    try {
      await postForEvents(
        `/api/v1/projects/${encodeURIComponent(projectId)}/assistant/questions`,
        {
          question,
          about: about ? { kind: about.kind, id: about.id } : null,
          ...(about?.partnerId ? { partner_id: about.partnerId } : {}),
        },
        {
          onEvent: (name, data) => {
            if (name === "delta") {
              written += (data as { markdown: string }).markdown;
              setWriting(written);
            } else if (name === "answer") {
              setWriting(null);
              setAnswer(data as Answer);
            } else if (name === "error") {
              setWriting(null);
              setError((data as Problem | null)?.detail ?? "The assistant could not answer.");
            }
          },
        },
      );
    } catch (problem) {
      setWriting(null);
      setError((problem as Problem | undefined)?.detail ?? "The assistant could not answer.");
    }
    setBusy(false);
  };

  return (
    <section class="card stack" aria-labelledby="assistant-title">
      <h3 id="assistant-title">{about ? `Ask about ${about.label}` : "Ask the assistant"}</h3>
      <form class="stack" onSubmit={(e) => void ask(e)}>
        <div class="field">
          <label for="assistant-question">Your question</label>
          <textarea
            id="assistant-question"
            ref={box}
            rows={2}
            maxLength={2000}
            required
            value={question}
            placeholder={about ? "Why did this fail?" : "Why does my refund call fail?"}
            onInput={(e) => setQuestion((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </div>
        <p>
          <button type="submit" disabled={busy || !question.trim()} aria-busy={busy}>
            {busy ? "Asking…" : "Ask"}
          </button>{" "}
          <span class="muted">
            {about?.partnerId
              ? "Answered from this partner's runs, traces and plan, and your notes, as the partner would be answered."
              : "Answered from your own runs, traces and plan, and the vendor's notes."}
          </span>
        </p>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
      {writing !== null && (
        <article class="card stack assistant-answer" aria-live="polite" aria-busy="true" aria-label="The answer, being written">
          <Markdown text={writing} />
        </article>
      )}
      {answer && <AnswerView projectId={projectId} answer={answer} />}
    </section>
  );
}
