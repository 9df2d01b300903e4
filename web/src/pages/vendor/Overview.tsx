// A project at a glance for the vendor: where each partner stands (first calls, latest
// run), the traffic per day from the partners' traces, and the latest failures.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Badge } from "../../components/Badge";
import { DailyChart } from "../../components/DailyChart";
import { ProjectHeader } from "../../components/ProjectHeader";
import { day, percent, when } from "../../lib/format";
import { useProjectNames } from "../../lib/useProjectNames";
import { usePoll } from "../../lib/usePoll";

type Run = components["schemas"]["Run"];
type RunCase = components["schemas"]["RunCase"];
type Activity = components["schemas"]["TraceActivity"];

const kDays = 30;

// The last `count` days as YYYY-MM-DD, oldest first (UTC, as the API counts them).
function lastDays(count: number): string[] {
  const today = Date.now();
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * 86400000).toISOString().slice(0, 10),
  );
}

function casePassRate(run: Run): string {
  const s = run.summary;
  const decided = (s.passed ?? 0) + (s.failed ?? 0) + (s.errors ?? 0) + (s.not_set_up ?? 0);
  return percent(s.passed ?? 0, decided);
}

interface Failure {
  run: Run;
  failed: RunCase[];
}

export function Overview({ projectId }: { projectId: string }) {
  const names = useProjectNames(projectId);
  const partners = names.partners;
  const [runs, setRuns] = useState<Run[]>([]);
  const [activity, setActivity] = useState<Activity | null>(null);
  const [failures, setFailures] = useState<Failure[]>([]);
  const path = { project_id: projectId };

  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/trace-activity", { params: { path, query: { days: kDays } } })
      .then(({ data }) => setActivity(data ?? null));
  }, [projectId]);

  // Runs still going are polled; once they end, the failed cases of the latest failing
  // runs are read.
  usePoll(
    async () => {
      // The newest 200 (the API's largest page): each partner's latest run is among them
      // unless it has not run since 200 others did.
      const { data } = await api.GET("/api/v1/projects/{project_id}/runs", { params: { path, query: { limit: 200 } } });
      const all = data?.items ?? [];
      setRuns(all);
      if (all.some((run) => run.status === "queued" || run.status === "running")) return true;
      const failing = all.filter((run) => run.status === "finished" && (run.summary.failed ?? 0) > 0).slice(0, 3);
      const found = await Promise.all(
        failing.map(async (run) => {
          const listed = await api.GET("/api/v1/projects/{project_id}/runs/{run_id}/cases", {
            params: { path: { project_id: projectId, run_id: run.id } },
          });
          return { run, failed: (listed.data?.items ?? []).filter((c) => c.status === "failed") };
        }),
      );
      setFailures(found);
      return false;
    },
    1500,
    [projectId],
  );

  const days = lastDays(kDays);
  const totals = { calls: days.map(() => 0), errors: days.map(() => 0), violations: days.map(() => 0) };
  for (const partner of activity?.partners ?? [])
    for (const row of partner.daily) {
      const at = days.indexOf(row.day);
      if (at < 0) continue;
      totals.calls[at] = (totals.calls[at] ?? 0) + row.calls;
      totals.errors[at] = (totals.errors[at] ?? 0) + row.errors;
      totals.violations[at] = (totals.violations[at] ?? 0) + row.with_violations;
    }
  const latestRunOf = (orgId: string) => runs.find((run) => run.requester_org_id === orgId && run.status === "finished");
  const activityOf = (orgId: string) => activity?.partners.find((p) => p.partner_id === orgId);

  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="" />
      <section class="card stack" aria-labelledby="partners-title">
        <h2 id="partners-title">Partners</h2>
        {partners === null ? (
          <p class="muted" aria-busy="true">Loading partners…</p>
        ) : partners.length === 0 ? (
          <p>
            No partner yet: <a href={`/projects/${projectId}/partners`}>invite one</a>.
          </p>
        ) : (
          <table>
            <caption class="visually-hidden">Where each partner stands</caption>
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">Invited</th>
                <th scope="col">First call</th>
                <th scope="col">First success</th>
                <th scope="col">Calls ({kDays} days)</th>
                <th scope="col">Latest run</th>
                <th scope="col">Cases passed</th>
              </tr>
            </thead>
            <tbody>
              {partners.map((partner) => {
                const run = latestRunOf(partner.partner_org_id);
                const traffic = activityOf(partner.partner_org_id);
                return (
                  <tr key={partner.partner_org_id}>
                    <td>{partner.name}</td>
                    <td>{day(partner.created_at)}</td>
                    <td>{activity ? when(traffic?.first_call_at) : "…"}</td>
                    <td>{activity ? when(traffic?.first_success_at) : "…"}</td>
                    <td>{activity ? (traffic?.calls ?? 0) : "…"}</td>
                    <td>
                      {run ? (
                        <a href={`/projects/${projectId}/runs/${run.id}`}>
                          <Badge value={run.passed ? "passed" : "failed"} label={run.passed ? "passed" : "did not pass"} />{" "}
                          {names.environment(run.environment_id)}
                        </a>
                      ) : (
                        <span class="muted">no run yet</span>
                      )}
                    </td>
                    <td>{run ? casePassRate(run) : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <DailyChart
          title={`Partner traffic per day, last ${kDays} days`}
          days={days}
          series={[
            { label: "Calls", values: totals.calls, colour: "--accent" },
            { label: "Errors", values: totals.errors, colour: "--danger" },
            { label: "With violations", values: totals.violations, colour: "--warning" },
          ]}
        />
      </section>
      <section class="card stack" aria-labelledby="failures-title">
        <h2 id="failures-title">Recent failures</h2>
        {failures.length === 0 ? (
          <p class="muted">No failed case in the latest runs.</p>
        ) : (
          <ul class="stack">
            {failures.map(({ run, failed }) => (
              <li key={run.id}>
                <a href={`/projects/${projectId}/runs/${run.id}`}>
                  {names.environment(run.environment_id)}, {when(run.finished_at)}
                </a>{" "}
                <span class="muted">({names.partner(run.requester_org_id)})</span>
                <ul>
                  {failed.map((c) => (
                    <li key={c.position}>
                      <code>{c.id}</code> {c.operation?.operation_id && <code>{c.operation.operation_id}</code>}: {c.reason}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
