// The assistant's page. A partner asks and reads its earlier answers; the vendor reads
// what its partners asked, how it was answered and how they rated it, to see where the
// docs and notes fall short (docs/assistant.md).
import { useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { AnswerView, AssistantPanel } from "../components/AssistantPanel";
import { AssistantUsage } from "../components/AssistantUsage";
import { PagedList } from "../components/PagedList";
import { ProjectHeader } from "../components/ProjectHeader";
import { when } from "../lib/format";
import { useProjectNames } from "../lib/useProjectNames";
import { isPartner } from "../state/session";

type Answer = components["schemas"]["AssistantAnswer"];

function Asked({ projectId, answer, partner }: { projectId: string; answer: Answer; partner?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <li class="stack">
      <p>
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {answer.question}
        </button>{" "}
        <span class="muted">
          {partner ? `${partner}, ` : ""}
          {when(answer.created_at)}
          {answer.grounded ? "" : ", nothing matched"}
          {answer.helpful === true ? ", rated helpful" : answer.helpful === false ? ", rated not helpful" : ""}
          {answer.feedback ? `: “${answer.feedback}”` : ""}
        </span>
      </p>
      {open && <AnswerView projectId={projectId} answer={answer} />}
    </li>
  );
}

export function AssistantPage({ projectId }: { projectId: string }) {
  const names = useProjectNames(projectId);
  const partner = isPartner.value;
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="assistant" />
      {partner && <AssistantPanel projectId={projectId} />}
      {!partner && <AssistantUsage projectId={projectId} partnerName={names.partner} />}
      <section class="card stack" aria-labelledby="asked-title">
        <h2 id="asked-title">{partner ? "Your earlier questions" : "Questions your partners asked"}</h2>
        <PagedList<Answer>
          what="questions"
          fetchPage={(cursor) =>
            api.GET("/api/v1/projects/{project_id}/assistant/questions", {
              params: { path: { project_id: projectId }, query: cursor ? { cursor } : {} },
            })
          }
          empty={<p>{partner ? "No questions yet." : "No partner has asked a question yet."}</p>}
          render={(items) => (
            <ul class="plain-list stack">
              {items.map((answer) => (
                <Asked key={answer.id} projectId={projectId} answer={answer}
                       partner={partner ? undefined : names.partner(answer.partner_id)} />
              ))}
            </ul>
          )}
        />
      </section>
    </div>
  );
}
