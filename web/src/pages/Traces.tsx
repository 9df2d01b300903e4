// A project's traces (a partner sees its own org's only; the API scopes them): filters by
// partner, environment, operation, status and violation, pages with the API's cursor,
// and one trace with its violations marked in the body.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { AskAboutThis } from "../components/AskAboutThis";
import { Badge } from "../components/Badge";
import { MatchedNotes } from "../components/MatchedNotes";
import { PagedList } from "../components/PagedList";
import { ProjectHeader } from "../components/ProjectHeader";
import { when } from "../lib/format";
import { useProjectNames } from "../lib/useProjectNames";
import { isPartner } from "../state/session";

type TraceSummary = components["schemas"]["TraceSummary"];
type Annotation = components["schemas"]["Annotation"];
interface Violation {
  side: string;
  location: string;
  message: string;
}
interface Side {
  method?: string;
  url?: string;
  status?: number;
  headers?: [string, string][];
  body?: string;
}

// The body pretty-printed, each line that holds a member a violation names marked.
function MarkedBody({ body, marked }: { body?: string; marked: string[] }) {
  if (!body) return null;
  let text = body;
  try {
    text = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    /* not JSON: shown as sent */
  }
  return (
    <pre class="code">
      {text.split("\n").map((line, i) => {
        const hit = marked.some((name) => line.trimStart().startsWith(`"${name}":`));
        return hit ? (
          <mark key={i}>
            {line}
            {"\n"}
          </mark>
        ) : (
          `${line}\n`
        );
      })}
    </pre>
  );
}

function TraceView({ projectId, traceId }: { projectId: string; traceId: string }) {
  const [trace, setTrace] = useState<{ request: Side; response: Side; violations: Violation[] } | null>(null);
  const [partnerId, setPartnerId] = useState<string | null>(null); // whose call it was
  const [notes, setNotes] = useState<Annotation[]>([]);
  useEffect(() => {
    setTrace(null);
    void api
      .GET("/api/v1/projects/{project_id}/traces/{trace_id}", { params: { path: { project_id: projectId, trace_id: traceId } } })
      .then(({ data }) => {
        setTrace((data?.trace as typeof trace) ?? null);
        setPartnerId(data?.partner_id ?? null);
        setNotes(data?.annotations ?? []);
      });
  }, [traceId]);
  if (!trace) return <p class="muted" aria-busy="true">Loading the trace…</p>;
  const namesOf = (side: string) =>
    trace.violations
      .filter((v) => v.side === side && v.location.startsWith("body/"))
      .map((v) => v.location.split("/").pop() ?? "");
  return (
    <section class="card stack" aria-labelledby="trace-title">
      <h3 id="trace-title">
        <code>
          {trace.request.method} {trace.request.url}
        </code>{" "}
        → {trace.response.status}
      </h3>
      {trace.violations.length > 0 ? (
        <ul class="problems" aria-label="Violations">
          {trace.violations.map((v, i) => (
            <li key={i}>
              <Badge value="failed" label={v.side} /> <code>{v.location}</code> {v.message}
            </li>
          ))}
        </ul>
      ) : (
        <p>No violation: this exchange keeps to the contract.</p>
      )}
      <MatchedNotes annotations={notes} />
      {(isPartner.value || partnerId) && (trace.violations.length > 0 || (trace.response.status ?? 0) >= 400 || !trace.response.status) && (
        <AskAboutThis
          projectId={projectId}
          about={{ kind: "trace", id: traceId, label: "this call", partnerId: isPartner.value ? undefined : (partnerId ?? undefined) }}
        />
      )}
      <div class="columns">
        <div>
          <h4>Request</h4>
          <MarkedBody body={trace.request.body} marked={namesOf("request")} />
        </div>
        <div>
          <h4>Response</h4>
          <MarkedBody body={trace.response.body} marked={namesOf("response")} />
        </div>
      </div>
    </section>
  );
}

type Filters = Record<string, string>;

export function Traces({ projectId }: { projectId: string }) {
  const names = useProjectNames(projectId);
  const [filters, setFilters] = useState<Filters>({});
  // ?trace=… opens one (the assistant's citations link here).
  const { query } = useLocation();
  const [open, setOpen] = useState<string | null>(query.trace ?? null);
  const [version, setVersion] = useState(0);
  const path = { project_id: projectId };

  function apply(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const chosen: Filters = {};
    for (const [name, value] of form.entries()) if (String(value)) chosen[name] = String(value);
    setFilters(chosen);
    setVersion((n) => n + 1);
    setOpen(null);
  }

  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="traces" />
      <section class="card">
        <form class="row filters" onSubmit={apply} aria-label="Filter traces">
          {!isPartner.value && (
            <div class="field">
              <label for="filter-partner">Partner org id</label>
              <input id="filter-partner" name="partner_id" />
            </div>
          )}
          <div class="field">
            <label for="filter-environment">Environment</label>
            <select id="filter-environment" name="environment_id">
              <option value="">Any</option>
              {names.environments.map((env) => (
                <option key={env.id} value={env.id}>
                  {env.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-operation">Operation id</label>
            <input id="filter-operation" name="operation_id" />
          </div>
          <div class="field">
            <label for="filter-status">Status</label>
            <input id="filter-status" name="status" inputMode="numeric" />
          </div>
          <div class="field">
            <label for="filter-violation">Violations</label>
            <select id="filter-violation" name="violation">
              <option value="">Any trace</option>
              <option value="any">With violations</option>
              <option value="none">Without</option>
            </select>
          </div>
          <button type="submit">Filter</button>
        </form>
      </section>
      <section class="card">
        <PagedList<TraceSummary>
          what="traces"
          reload={version}
          empty={<p>No trace matches.</p>}
          fetchPage={(cursor) => {
            const query: Record<string, string | number> = { ...filters };
            if (filters.status) query.status = Number(filters.status);
            if (cursor) query.cursor = cursor;
            return api.GET("/api/v1/projects/{project_id}/traces", { params: { path, query } });
          }}
          render={(items) => (
            <table>
              <caption class="visually-hidden">Traces, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Call</th>
                  <th scope="col">Status</th>
                  <th scope="col">Violations</th>
                  <th scope="col">Partner</th>
                  <th scope="col">Environment</th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <button type="button" class="link" onClick={() => setOpen(t.id)} aria-expanded={open === t.id}>
                        {when(t.started_at)}
                      </button>
                    </td>
                    <td>
                      <code>{t.operation_id ?? t.method}</code>
                    </td>
                    <td>{t.status}</td>
                    <td>{t.violation_count > 0 ? <Badge value="failed" label={String(t.violation_count)} /> : "0"}</td>
                    <td>{names.partner(t.partner_id)}</td>
                    <td>{names.environment(t.environment_id)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
      </section>
      {open && <TraceView projectId={projectId} traceId={open} />}
    </div>
  );
}
