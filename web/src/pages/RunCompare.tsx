// Two finished runs side by side, case by case: what got fixed, what broke, what changed
// its reason. Cases are matched by their id (the suite names each case the same way in
// every run of a spec) and operation; a case only one run has is "not in this run".
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { Badge } from "../components/Badge";
import { ProjectHeader, projectBase } from "../components/ProjectHeader";
import { when } from "../lib/format";
import { useProjectNames } from "../lib/useProjectNames";
import { RunResult } from "./Runs";

type Run = components["schemas"]["Run"];
type RunCase = components["schemas"]["RunCase"];

interface Side {
  run: Run;
  cases: Map<string, RunCase>;
}

const good = new Set(["passed", "not_applicable", "skipped"]);

async function readSide(projectId: string, runId: string): Promise<Side | string> {
  const path = { project_id: projectId, run_id: runId };
  const run = await api.GET("/api/v1/projects/{project_id}/runs/{run_id}", { params: { path } });
  if (!run.data) return (run.error as { detail?: string } | undefined)?.detail ?? "The run could not be read.";
  const cases = await api.GET("/api/v1/projects/{project_id}/runs/{run_id}/cases", { params: { path } });
  return { run: run.data, cases: keyed(cases.data?.items ?? []) };
}

// A case's id names its check; with its operation, and its rank among cases with both
// alike, it names the same case in another run of the suite.
function keyed(cases: RunCase[]): Map<string, RunCase> {
  const out = new Map<string, RunCase>();
  for (const c of cases) {
    const base = `${c.id} ${c.operation?.method ?? ""} ${c.operation?.path ?? ""}`.trim();
    let key = base;
    for (let n = 2; out.has(key); ++n) key = `${base} #${n}`;
    out.set(key, c);
  }
  return out;
}

// What happened to a case from the earlier run to the later one.
function change(before: RunCase | undefined, after: RunCase | undefined): string {
  if (!before) return "new";
  if (!after) return "gone";
  if (before.status === after.status) return before.reason === after.reason ? "same" : "reason changed";
  if (good.has(after.status) && !good.has(before.status)) return "fixed";
  if (!good.has(after.status) && good.has(before.status)) return "broke";
  return "changed";
}

const changeBadge: Record<string, string> = { fixed: "passed", broke: "failed", new: "queued", changed: "warning" };

export function RunCompare({ projectId, a, b }: { projectId: string; a: string; b: string }) {
  const names = useProjectNames(projectId);
  const [sides, setSides] = useState<[Side, Side] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [onlyChanges, setOnlyChanges] = useState(true);
  useEffect(() => {
    void Promise.all([readSide(projectId, a), readSide(projectId, b)]).then(([left, right]) => {
      if (typeof left === "string" || typeof right === "string") return setProblem(String(typeof left === "string" ? left : right));
      // Earlier run on the left.
      setSides(left.run.created_at <= right.run.created_at ? [left, right] : [right, left]);
    });
  }, [projectId, a, b]);

  const rows = sides
    ? [...new Set([...sides[0].cases.keys(), ...sides[1].cases.keys()])].map((id) => {
        const before = sides[0].cases.get(id);
        const after = sides[1].cases.get(id);
        return { id, before, after, change: change(before, after) };
      })
    : [];
  const counts = rows.reduce<Record<string, number>>((all, row) => ({ ...all, [row.change]: (all[row.change] ?? 0) + 1 }), {});
  const shown = onlyChanges ? rows.filter((row) => row.change !== "same") : rows;

  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="runs" />
      <p><a href={`${projectBase(projectId)}/runs`}>All runs</a></p>
      {problem && <p class="form-error" role="alert">{problem}</p>}
      {!sides && !problem && <p aria-busy="true">Loading the two runs…</p>}
      {sides && (
        <>
          <div class="columns">
            {sides.map((side, i) => (
              <section class="card stack" key={side.run.id} aria-labelledby={`side-${i}`}>
                <h2 id={`side-${i}`}>{i === 0 ? "Before" : "After"}: {when(side.run.created_at)}</h2>
                <p>
                  Against {names.environment(side.run.environment_id)}, spec {names.spec(side.run.spec_version_id)}
                </p>
                <p><RunResult run={side.run} /></p>
                <p><a href={`${projectBase(projectId)}/runs/${side.run.id}`}>Open this run</a></p>
              </section>
            ))}
          </div>
          <section class="card stack" aria-labelledby="changes-title">
            <h2 id="changes-title">Case by case</h2>
            <p>
              {counts.fixed ?? 0} fixed, {counts.broke ?? 0} broke, {(counts.changed ?? 0) + (counts["reason changed"] ?? 0)}{" "}
              changed, {counts.new ?? 0} new, {counts.gone ?? 0} gone, {counts.same ?? 0} the same.
            </p>
            <div class="field checkbox">
              <input id="only-changes" type="checkbox" checked={onlyChanges} onChange={(e) => setOnlyChanges(e.currentTarget.checked)} />
              <label for="only-changes">Only cases that changed</label>
            </div>
            {shown.length === 0 ? (
              <p>No case changed between the two runs.</p>
            ) : (
              <table>
                <caption class="visually-hidden">Each case in the two runs</caption>
                <thead>
                  <tr>
                    <th scope="col">Case</th>
                    <th scope="col">Change</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((row) => (
                    <tr key={row.id}>
                      <td>
                        <code>{(row.after ?? row.before)?.id}</code>
                        <div class="muted">{(row.after ?? row.before)?.title}</div>
                        {(row.after ?? row.before)?.operation?.path && (
                          <code class="muted">
                            {(row.after ?? row.before)?.operation?.method} {(row.after ?? row.before)?.operation?.path}
                          </code>
                        )}
                      </td>
                      <td><Badge value={changeBadge[row.change] ?? "plain"} label={row.change} /></td>
                      {[row.before, row.after].map((c, i) => (
                        <td key={i}>
                          {c ? (
                            <>
                              <Badge value={c.status} /> <span>{c.reason}</span>
                            </>
                          ) : (
                            <span class="muted">not in this run</span>
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}
