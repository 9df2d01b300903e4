// A partner's plan board by phase: each item with its owner, due date, and the evidence
// that last moved it (a link to the run or trace); the items the viewer may move have a
// button, and each item opens its history and comments.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { isPartner } from "../state/session";
import { Badge } from "./Badge";
import { day, when } from "../lib/format";

type Board = components["schemas"]["PlanBoard"];
type Item = components["schemas"]["PlanItem"];
type Rule = components["schemas"]["PlanRule"];
type Evidence = components["schemas"]["PlanEvidence"];
type PlanEvent = components["schemas"]["PlanEvent"];

export function ruleText(rule: Rule): string {
  const where = rule.environment === "mock" ? "the mock" : (rule.environment ?? "any environment");
  switch (rule.kind) {
    case "first_success":
      return `Completes with the first successful call in ${where}`;
    case "golden_passing":
      return `Completes when a full golden run passes in ${where}; a failing required case reopens it`;
    case "no_violations":
      return `Completes when the last ${rule.last ?? 20} calls in ${where} keep to the contract`;
    default:
      return "Completes when every note of the vendor is acknowledged";
  }
}

// The evidence's words, with a link to what it names.
export function EvidenceLine({ evidence, base }: { evidence: Evidence; base: string }) {
  const target =
    evidence.kind === "run" ? `${base}/runs/${evidence.id}` : evidence.kind === "trace" ? `${base}/traces` : null;
  return (
    <span>
      {evidence.summary}
      {target && (
        <>
          {" "}
          (<a href={target}>{evidence.kind === "run" ? "open the run" : "open the traces"}</a>)
        </>
      )}
    </span>
  );
}

function overdue(item: Item): boolean {
  return item.status === "open" && item.due_at !== null && new Date(item.due_at).getTime() < Date.now();
}

function History({ path, itemId, title }: { path: BoardPath; itemId: string; title: string }) {
  const [events, setEvents] = useState<PlanEvent[] | null>(null);
  const [reload, setReload] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/partners/{partner_id}/plan/items/{item_id}/events", {
        params: { path: { ...path, item_id: itemId } },
      })
      .then(({ data }) => setEvents(data?.items ?? []));
  }, [itemId, reload]);
  async function comment(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = String(new FormData(form).get("body") ?? "").trim();
    if (!body) return;
    const { error } = await api.POST(
      "/api/v1/projects/{project_id}/partners/{partner_id}/plan/items/{item_id}/comments",
      { params: { path: { ...path, item_id: itemId } }, body: { body } },
    );
    if (error) return setProblem((error as { detail?: string }).detail ?? "The comment was not saved.");
    setProblem(null);
    form.reset();
    setReload((n) => n + 1);
  }
  if (!events) return <p class="muted" aria-busy="true">Loading…</p>;
  return (
    <div class="stack">
      <ol class="plan-history" aria-label={`History of ${title}`}>
        {events.map((e) => (
          <li key={e.id}>
            <span class="muted">{when(e.created_at)}</span>{" "}
            {e.kind === "comment" ? (
              <>
                <strong>Comment</strong>: {e.message}
              </>
            ) : (
              <>
                <strong>{e.kind}</strong> {e.by === "evidence" ? "by evidence" : "by hand"}
                {e.message && `: ${e.message}`}
              </>
            )}
          </li>
        ))}
        {events.length === 0 && <li class="muted">Nothing yet.</li>}
      </ol>
      <form class="row" onSubmit={comment}>
        <label class="visually-hidden" for={`comment-${itemId}`}>
          Comment on {title}
        </label>
        <input id={`comment-${itemId}`} name="body" maxLength={4000} placeholder="Add a comment" />
        <button type="submit" class="secondary">
          Comment
        </button>
      </form>
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}

interface BoardPath {
  project_id: string;
  partner_id: string;
}

function PlanItemRow({ item, path, base, onChanged }: { item: Item; path: BoardPath; base: string; onChanged: () => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const partner = isPartner.value;
  const movable = partner ? item.owner === "partner" && item.rule === null : true;
  async function move() {
    const { error } = await api.PATCH("/api/v1/projects/{project_id}/partners/{partner_id}/plan/items/{item_id}", {
      params: { path: { ...path, item_id: item.id } },
      body: { status: item.status === "done" ? "open" : "done" },
    });
    if (error) return setProblem((error as { detail?: string }).detail ?? "The item did not move.");
    setProblem(null);
    onChanged();
  }
  const late = overdue(item);
  return (
    <li class={`plan-item plan-item-${item.status}`} aria-label={item.title}>
      <div class="row">
        <Badge value={item.status === "done" ? "passed" : late ? "warning" : "plain"} label={item.status === "done" ? "done" : late ? "overdue" : "open"} />
        <strong>{item.title}</strong>
        <span class="muted">
          {item.owner === "vendor" ? "Vendor" : "Partner"}
          {item.assignee && `, ${item.assignee}`}
          {item.due_at && `, due ${day(item.due_at)}`}
        </span>
      </div>
      {item.description && <p>{item.description}</p>}
      {item.rule && <p class="muted">{ruleText(item.rule)}.</p>}
      {item.evidence && (
        <p>
          <EvidenceLine evidence={item.evidence} base={base} />
        </p>
      )}
      {item.decided_by && item.decided_by !== "evidence" && item.rule && (
        <p class="muted">Decided by hand ({item.decided_by}); new evidence moves it again.</p>
      )}
      <div class="row">
        {movable && (
          <button type="button" class="secondary" onClick={move}>
            {item.status === "done" ? "Reopen" : item.rule ? "Mark done by hand" : "Mark done"}
            <span class="visually-hidden">: {item.title}</span>
          </button>
        )}
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          History and comments<span class="visually-hidden"> of {item.title}</span>
        </button>
      </div>
      {problem && <p role="alert">{problem}</p>}
      {open && <History path={path} itemId={item.id} title={item.title} />}
    </li>
  );
}

export function PlanBoardView({ projectId, partnerId, base }: { projectId: string; partnerId: string; base: string }) {
  const [board, setBoard] = useState<Board | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const path = { project_id: projectId, partner_id: partnerId };
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/partners/{partner_id}/plan", { params: { path } })
      .then(({ data, error }) => {
        if (error) setFailed((error as { detail?: string }).detail ?? "The board could not be read.");
        else setBoard(data ?? null);
      });
  }, [projectId, partnerId, reload]);
  if (failed) return <p role="alert">{failed}</p>;
  if (!board) return <p class="muted" aria-busy="true">Loading the board…</p>;
  const current = board.phases.find((phase) => phase.position === board.current_phase);
  return (
    <div class="stack">
      <p role="status">
        <strong>{board.partner_name}</strong>: {board.done} of {board.total} items done
        {board.overdue > 0 && `, ${board.overdue} overdue`}.{" "}
        {current ? (
          <>
            Now in <strong>{current.name}</strong>.
          </>
        ) : (
          "Every item is done."
        )}
      </p>
      <ol class="plan-phases">
        {board.phases.map((phase) => (
          <li key={phase.position} class="card stack" aria-labelledby={`phase-${phase.position}`}>
            <h2 id={`phase-${phase.position}`}>
              {phase.position + 1}. {phase.name}{" "}
              <span class="muted">
                {phase.done}/{phase.total}
              </span>
            </h2>
            <ul class="plan-items">
              {phase.items.map((item) => (
                <PlanItemRow key={item.id} item={item} path={path} base={base} onChanged={() => setReload((n) => n + 1)} />
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}
