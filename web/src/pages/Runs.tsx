// A project's golden runs, for the vendor (every run) and the partner (its own org's):
// queue one against an environment or the hosted mock, watch it progress, open it. The
// list refreshes itself while a run is queued or running.
import { useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { Badge } from "../components/Badge";
import { FormError } from "../components/FormError";
import { ProjectHeader, projectBase } from "../components/ProjectHeader";
import { useFormErrors } from "../components/useFormErrors";
import { when } from "../lib/format";
import { usePoll } from "../lib/usePoll";
import { isPartner } from "../state/session";
import { OwnCredentials } from "./partner/OwnCredentials";
import { useProjectNames } from "../lib/useProjectNames";

type Run = components["schemas"]["Run"];

export function RunProgress({ run }: { run: Run }) {
  const { done = 0, total = 0 } = run.summary;
  if (run.status === "queued") return <span class="muted">waiting for the runner…</span>;
  if (run.status !== "running") return null;
  return (
    <span class="progress">
      <progress value={done} max={total || 1} aria-label="Cases done" />
      <span aria-live="polite">
        {done} of {total || "…"} cases
      </span>
    </span>
  );
}

export function RunResult({ run }: { run: Run }) {
  if (run.status === "failed") return <span class="field-error">{run.error}</span>;
  if (run.status !== "finished") return <RunProgress run={run} />;
  const s = run.summary;
  return (
    <span>
      <Badge value={run.passed ? "passed" : "failed"} label={run.passed ? "passed" : "did not pass"} />{" "}
      {s.passed ?? 0} passed, {s.failed ?? 0} failed, {s.errors ?? 0} errors, {s.warnings ?? 0} warnings
      {(s.not_set_up ?? 0) > 0 && `, ${s.not_set_up} not set up`}
    </span>
  );
}

export function Runs({ projectId }: { projectId: string }) {
  const names = useProjectNames(projectId);
  const [runs, setRuns] = useState<Run[] | null>(null);  // the newest page, kept fresh
  const [older, setOlder] = useState<Run[]>([]);  // pages the user asked for, as read
  const [cursor, setCursor] = useState<string | null>(null);
  const [compare, setCompare] = useState<string[]>([]);  // at most two run ids
  const [loadError, setLoadError] = useState<string | null>(null);
  const [queuedAt, setQueuedAt] = useState(0);
  const [busy, setBusy] = useState(false);
  const { errors, fromProblem, reset } = useFormErrors();
  const path = { project_id: projectId };

  usePoll(
    async () => {
      const { data, error } = await api.GET("/api/v1/projects/{project_id}/runs", { params: { path } });
      if (!data) {
        setLoadError((error as { detail?: string } | undefined)?.detail ?? "The runs could not be read.");
        return false;
      }
      setLoadError(null);
      setRuns(data.items);
      if (older.length === 0) setCursor(data.next_cursor ?? null);
      return data.items.some((run) => run.status === "queued" || run.status === "running");
    },
    1000,
    [projectId, queuedAt],
  );

  async function queue(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    const { error } = await api.POST("/api/v1/projects/{project_id}/runs", {
      params: { path },
      body: {
        spec_version_id: String(form.get("spec_version_id")),
        environment_id: String(form.get("environment_id")),
      },
    });
    setBusy(false);
    if (error) return fromProblem(error);
    reset();
    setQueuedAt(Date.now());
  }

  async function loadOlder() {
    if (!cursor) return;
    const { data, error } = await api.GET("/api/v1/projects/{project_id}/runs", { params: { path, query: { cursor } } });
    if (!data) {
      setLoadError((error as { detail?: string } | undefined)?.detail ?? "Older runs could not be read.");
      return;
    }
    setOlder((list) => [...list, ...data.items]);
    setCursor(data.next_cursor ?? null);
  }

  function toggle(runId: string, checked: boolean) {
    setCompare((ids) => (checked ? [...ids.filter((id) => id !== runId), runId].slice(-2) : ids.filter((id) => id !== runId)));
  }

  const base = projectBase(projectId);
  const seen = new Set((runs ?? []).map((run) => run.id));
  const listed = [...(runs ?? []), ...older.filter((run) => !seen.has(run.id))];
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="runs" />
      <section class="card">
        <form class="stack" onSubmit={queue} aria-labelledby="queue-run">
          <h2 id="queue-run">Run the golden suite</h2>
          <FormError message={errors.form} />
          <div class="row">
            <div class="field">
              <label for="run-spec">Spec version</label>
              <select id="run-spec" name="spec_version_id" aria-invalid={errors.fields.spec_version_id ? "true" : undefined}>
                {names.specs.map((spec) => (
                  <option key={spec.id} value={spec.id}>
                    {spec.label} ({spec.title})
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="run-environment">Against</label>
              <select id="run-environment" name="environment_id" aria-invalid={errors.fields.environment_id ? "true" : undefined}
                      aria-describedby={errors.fields.environment_id ? "run-environment-error" : undefined}>
                <option value="mock">Hosted mock</option>
                {names.environments.map((env) => (
                  <option key={env.id} value={env.id}>
                    {env.name}
                  </option>
                ))}
              </select>
              {errors.fields.environment_id && (
                <span id="run-environment-error" class="field-error">{errors.fields.environment_id}</span>
              )}
            </div>
          </div>
          <button type="submit" disabled={busy || names.specs.length === 0}>
            {busy ? "Queueing…" : "Run the suite"}
          </button>
        </form>
      </section>
      {isPartner.value && <OwnCredentials projectId={projectId} names={names} />}
      <section class="card stack" aria-labelledby="run-history">
        <h2 id="run-history">Runs</h2>
        {loadError && <p class="form-error" role="alert">{loadError}</p>}
        {runs === null && !loadError && <p class="muted" aria-busy="true">Loading runs…</p>}
        {runs?.length === 0 && <p>No run yet: run the suite against the mock first, then an environment.</p>}
        {runs && runs.length > 0 && (
          <p class="row">
            <span class="muted">Tick two finished runs to compare them case by case.</span>
            {compare.length === 2 ? (
              <a class="button" href={`${base}/runs/compare/${compare[1]}/${compare[0]}`}>Compare the two runs</a>
            ) : null}
          </p>
        )}
        {runs && runs.length > 0 && (
          <table>
            <caption class="visually-hidden">Runs, newest first</caption>
            <thead>
              <tr>
                <th scope="col"><span class="visually-hidden">Compare</span></th>
                <th scope="col">Queued</th>
                <th scope="col">Against</th>
                <th scope="col">Spec</th>
                <th scope="col">Status</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((run) => (
                <tr key={run.id}>
                  <td>
                    <input type="checkbox" aria-label={`Compare the run of ${when(run.created_at)}`}
                           disabled={run.status !== "finished"} checked={compare.includes(run.id)}
                           onChange={(e) => toggle(run.id, e.currentTarget.checked)} />
                  </td>
                  <td>
                    <a href={`${base}/runs/${run.id}`}>{when(run.created_at)}</a>
                  </td>
                  <td>{names.environment(run.environment_id)}</td>
                  <td>{names.spec(run.spec_version_id)}</td>
                  <td>
                    <Badge value={run.status} />
                  </td>
                  <td>
                    <RunResult run={run} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {cursor && (
          <button type="button" class="secondary" onClick={loadOlder}>
            Load older runs
          </button>
        )}
      </section>
    </div>
  );
}
