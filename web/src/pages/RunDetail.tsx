// One golden run: its progress while it runs, then each case's verdict, reason and basis,
// and for a case the exchanges it made as evidence, with a curl command that sends the
// same request again.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { AskAboutThis } from "../components/AskAboutThis";
import { Badge } from "../components/Badge";
import { MatchedNotes } from "../components/MatchedNotes";
import { RunPlanLinks } from "../components/RunPlanLinks";
import { ProjectHeader, projectBase } from "../components/ProjectHeader";
import { curlCommand, type SentRequest } from "../lib/curl";
import { when } from "../lib/format";
import { usePoll } from "../lib/usePoll";
import { useProjectNames } from "../lib/useProjectNames";
import { RunResult } from "./Runs";
import { isPartner, me } from "../state/session";

type Run = components["schemas"]["Run"];
type RunCase = components["schemas"]["RunCase"];

interface Exchange extends SentRequest {
  status?: number;
  response_headers?: [string, string][];
  response_body?: string;
  duration_ms?: number;
}

const filters: Record<string, (c: RunCase) => boolean> = {
  "Needs attention": (c) => ["failed", "error", "not_set_up", "warning"].includes(c.status),
  All: () => true,
  Failed: (c) => c.status === "failed" || c.status === "error",
  Passed: (c) => c.status === "passed",
  "Saved cases": (c) => c.category === "saved_cases",
};

function Headers({ headers }: { headers?: [string, string][] }) {
  if (!headers?.length) return null;
  return <pre class="code">{headers.map(([name, value]) => `${name}: ${value}`).join("\n")}</pre>;
}

function pretty(body?: string): string {
  if (!body) return "";
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="secondary"
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
      }}
    >
      {copied ? "Copied" : label}
    </button>
  );
}

function Evidence({ exchanges }: { exchanges: Exchange[] }) {
  if (exchanges.length === 0) return <p class="muted">This case sent no request.</p>;
  return (
    <ol class="stack evidence">
      {exchanges.map((x, i) => {
        const curl = curlCommand(x);
        return (
          <li key={i} class="stack">
            <h4>
              <code>
                {x.method} {x.url}
              </code>{" "}
              → <strong>{x.status ?? "no answer"}</strong>
              {x.duration_ms !== undefined && <span class="muted"> in {Math.round(x.duration_ms)} ms</span>}
            </h4>
            <div class="columns">
              <div>
                <h5>Request</h5>
                <Headers headers={x.request_headers} />
                {x.request_body && <pre class="code">{pretty(x.request_body)}</pre>}
              </div>
              <div>
                <h5>Response</h5>
                <Headers headers={x.response_headers} />
                {x.response_body && <pre class="code">{pretty(x.response_body)}</pre>}
              </div>
            </div>
            <details>
              <summary>curl command</summary>
              <pre class="code" data-testid="curl">{curl}</pre>
              <p class="muted">Credentials are not kept: set <code>TOKEN</code> first.</p>
            </details>
            <CopyButton text={curl} label="Copy curl command" />
          </li>
        );
      })}
    </ol>
  );
}

// `partnerId`: the partner whose run this is, when the vendor looks at it (the vendor may ask
// the assistant about it as that partner would); undefined on the vendor's own runs.
function CaseEvidence({ projectId, runId, position, partnerId }: { projectId: string; runId: string; position: number; partnerId?: string }) {
  const [detail, setDetail] = useState<(RunCase & { evidence?: Exchange[] }) | null>(null);
  useEffect(() => {
    setDetail(null);
    void api
      .GET("/api/v1/projects/{project_id}/runs/{run_id}/cases/{position}", {
        params: { path: { project_id: projectId, run_id: runId, position: String(position) } },
      })
      .then(({ data }) => setDetail((data as (RunCase & { evidence?: Exchange[] }) | undefined) ?? null));
  }, [runId, position]);
  if (!detail) return <p class="muted" aria-busy="true">Loading the evidence…</p>;
  return (
    <section class="card stack" aria-labelledby="evidence-title">
      <h3 id="evidence-title" tabIndex={-1}>
        Evidence: {detail.title}
        {detail.operation?.operation_id ? ` (${detail.operation.operation_id})` : ""}
      </h3>
      <p>
        <Badge value={detail.status} /> {detail.reason}
      </p>
      {detail.notes.length > 0 && (
        <ul>
          {detail.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      <MatchedNotes annotations={detail.annotations} />
      {(isPartner.value || partnerId) && detail.status !== "passed" && detail.status !== "skipped" && detail.status !== "not_applicable" && (
        <AskAboutThis projectId={projectId} about={{ kind: "case", id: `${runId}/${position}`, label: detail.id, partnerId }} />
      )}
      <Evidence exchanges={detail.evidence ?? []} />
    </section>
  );
}

export function RunDetail({ projectId, runId }: { projectId: string; runId: string }) {
  const names = useProjectNames(projectId);
  const [run, setRun] = useState<Run | null>(null);
  const [cases, setCases] = useState<RunCase[] | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [filter, setFilter] = useState("Needs attention");
  // ?case=N opens that case's evidence (the assistant's citations link here).
  const { query } = useLocation();
  const [open, setOpen] = useState<number | null>(query.case !== undefined && /^\d+$/.test(query.case) ? Number(query.case) : null);
  const path = { project_id: projectId, run_id: runId };

  usePoll(
    async () => {
      const { data, error } = await api.GET("/api/v1/projects/{project_id}/runs/{run_id}", { params: { path } });
      if (!data) {
        setMissing((error as { detail?: string } | undefined)?.detail ?? "The run could not be read.");
        return false;
      }
      setRun(data);
      if (data.status === "queued" || data.status === "running") return true;
      const listed = await api.GET("/api/v1/projects/{project_id}/runs/{run_id}/cases", { params: { path } });
      setCases(listed.data?.items ?? []);
      return false;
    },
    1000,
    [runId],
  );

  const shown = (cases ?? []).filter(filters[filter] ?? (() => true));
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="runs" />
      <p>
        <a href={`${projectBase(projectId)}/runs`}>All runs</a>
      </p>
      {missing && <p class="form-error" role="alert">{missing}</p>}
      {run && (
        <section class="card stack" aria-labelledby="run-title">
          <h2 id="run-title">
            Run against {names.environment(run.environment_id)}, spec {names.spec(run.spec_version_id)}
          </h2>
          <p>
            <Badge value={run.status} /> queued {when(run.created_at)}
            {run.finished_at && `, finished ${when(run.finished_at)}`}
            {run.summary.requests !== undefined && `, ${run.summary.requests} requests`}
          </p>
          {run.resumed && (
            <p class="muted" data-testid="run-resumed">
              Resumed: the server running it stopped, and another took it over and ran it again from the
              start (attempt {run.attempts}). The cases below are that last attempt's.
            </p>
          )}
          <p>
            <RunResult run={run} />
          </p>
        </section>
      )}
      {run && <RunPlanLinks projectId={projectId} run={run} />}
      {cases && (
        <section class="card stack" aria-labelledby="cases-title">
          <h2 id="cases-title">Cases</h2>
          <div class="field inline">
            <label for="case-filter">Show</label>
            <select id="case-filter" value={filter} onChange={(e) => setFilter((e.currentTarget as HTMLSelectElement).value)}>
              {Object.keys(filters).map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
            <span class="muted">
              {shown.length} of {cases.length}
            </span>
          </div>
          {shown.length === 0 ? (
            <p>Nothing here: every case passed or was left out on purpose.</p>
          ) : (
            <table>
              <caption class="visually-hidden">Cases of the run</caption>
              <thead>
                <tr>
                  <th scope="col">Verdict</th>
                  <th scope="col">Case</th>
                  <th scope="col">Operation</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => (
                  <tr key={c.position} class={open === c.position ? "selected" : undefined}>
                    <td>
                      <Badge value={c.status} />
                      {!c.required && <span class="muted"> (optional)</span>}
                    </td>
                    <td>
                      <button type="button" class="link" onClick={() => setOpen(c.position)}
                              aria-expanded={open === c.position}>
                        {c.id}
                      </button>
                      <div class="muted">
                        {c.category === "saved_cases" ? <>Saved case: <strong>{c.title}</strong></> : c.title}
                      </div>
                    </td>
                    <td>
                      {c.operation?.operation_id ? (
                        <code>
                          {c.operation.method} {c.operation.path}
                        </code>
                      ) : (
                        <span class="muted">the API</span>
                      )}
                    </td>
                    <td>{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {open !== null && (
        <CaseEvidence
          projectId={projectId}
          runId={runId}
          position={open}
          partnerId={!isPartner.value && run && run.requester_org_id !== me.value?.org.id ? run.requester_org_id : undefined}
        />
      )}
    </div>
  );
}
