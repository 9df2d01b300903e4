// Partner metrics in both portals (docs/metrics.md): how long each partner took from its
// invitation to its first call, first success and certificate, the seed's targets met or
// missed, and its golden runs per day (a chart with its numbers, and the same as CSV), in
// the browser's time zone.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { AssistantUsage } from "../components/AssistantUsage";
import type { components } from "../api/schema";
import { Badge } from "../components/Badge";
import { DailyChart } from "../components/DailyChart";
import { ProjectHeader } from "../components/ProjectHeader";
import { me } from "../state/session";
import { day } from "../lib/format";

type PartnerMetrics = components["schemas"]["PartnerMetrics"];

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const targetTone = { met: "passed", missed: "failed", open: "plain" } as const;

function hours(value: number | null): string {
  if (value === null) return "—";
  return value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} days`;
}

// Runs and passes per day over every partner shown: what the chart plots and the CSV holds.
function RunsPerDay({ partners, csv }: { partners: PartnerMetrics[]; csv: string }) {
  const totals = new Map<string, { runs: number; passed: number }>();
  for (const p of partners)
    for (const d of p.days) {
      const t = totals.get(d.day) ?? { runs: 0, passed: 0 };
      t.runs += d.runs;
      t.passed += d.passed;
      totals.set(d.day, t);
    }
  const days = [...totals.keys()].sort();
  return (
    <section class="card stack" aria-labelledby="runs-per-day-title">
      <h2 id="runs-per-day-title">Golden runs per day</h2>
      <p class="muted">
        Days in {zone}. <a href={csv} download>Download as CSV</a>
      </p>
      {days.length === 0 ? (
        <p>No run yet.</p>
      ) : (
        <DailyChart
          title="Golden runs per day"
          days={days}
          series={[
            { label: "Runs", values: days.map((d) => totals.get(d)!.runs), colour: "--accent" },
            { label: "Passed", values: days.map((d) => totals.get(d)!.passed), colour: "--success" },
          ]}
        />
      )}
    </section>
  );
}

function Targets({ m }: { m: PartnerMetrics }) {
  return (
    <>
      <Badge value={targetTone[m.targets.first_success_within_24h]} label={`24 h: ${m.targets.first_success_within_24h}`} />{" "}
      <Badge value={targetTone[m.targets.pass_rate_above_90_in_week2]} label={`week 2: ${m.targets.pass_rate_above_90_in_week2}`} />
    </>
  );
}

function MetricsTable({ partners, base }: { partners: PartnerMetrics[]; base: string | null }) {
  return (
    <section class="card stack" aria-labelledby="partners-metrics-title">
      <h2 id="partners-metrics-title">From invitation to certification</h2>
      <p class="muted">
        Targets: first successful call within 24 hours of the invitation; more than 90 % of the golden runs of
        the second week passing.
      </p>
      <table>
        <caption class="visually-hidden">Partner metrics</caption>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">First call</th>
            <th scope="col">First success</th>
            <th scope="col">Certified</th>
            <th scope="col">Runs passed</th>
            <th scope="col">Targets</th>
            <th scope="col">Overdue items</th>
          </tr>
        </thead>
        <tbody>
          {partners.map((m) => (
            <tr key={m.partner_id}>
              <th scope="row">
                {base ? <a href={`${base}/plan/${m.partner_id}`}>{m.partner_name}</a> : m.partner_name}
                <br />
                <span class="muted">invited {day(m.invited_at)}</span>
              </th>
              <td>{hours(m.hours_to_first_call)}</td>
              <td>{hours(m.hours_to_first_success)}</td>
              <td>{hours(m.hours_to_certification)}</td>
              <td>
                {m.runs_passed}/{m.runs}
              </td>
              <td>
                <Targets m={m} />
              </td>
              <td>{m.overdue_items > 0 ? <strong>{m.overdue_items}</strong> : "0"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function VendorMetrics({ projectId }: { projectId: string }) {
  const [partners, setPartners] = useState<PartnerMetrics[] | null>(null);
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/metrics", { params: { path: { project_id: projectId }, query: { tz: zone } } })
      .then(({ data }) => setPartners(data?.items ?? []));
  }, [projectId]);
  const tz = encodeURIComponent(zone);
  const base = `/api/v1/projects/${projectId}/metrics`;
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="metrics" />
      {partners === null ? (
        <p class="muted" aria-busy="true">Loading…</p>
      ) : (
        <>
          <MetricsTable partners={partners} base={`/projects/${projectId}`} />
          <p>
            <a href={`${base}/summary/csv?tz=${tz}`} download>
              Download the table as CSV
            </a>
          </p>
          <RunsPerDay partners={partners} csv={`${base}/days/csv?tz=${tz}`} />
          <AssistantUsage projectId={projectId} partnerName={(id) => partners.find((p) => p.partner_id === id)?.partner_name ?? id} />
        </>
      )}
    </div>
  );
}

export function PartnerMetricsPage({ projectId }: { projectId: string }) {
  const orgId = me.value?.org.id ?? "";
  const [metrics, setMetrics] = useState<PartnerMetrics | null>(null);
  useEffect(() => {
    if (!orgId) return;
    void api
      .GET("/api/v1/projects/{project_id}/partners/{partner_id}/metrics", {
        params: { path: { project_id: projectId, partner_id: orgId }, query: { tz: zone } },
      })
      .then(({ data }) => setMetrics(data ?? null));
  }, [projectId, orgId]);
  const csv = `/api/v1/projects/${projectId}/partners/${orgId}/metrics/days/csv?tz=${encodeURIComponent(zone)}`;
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="metrics" />
      {metrics === null ? (
        <p class="muted" aria-busy="true">Loading…</p>
      ) : (
        <>
          <MetricsTable partners={[metrics]} base={null} />
          <RunsPerDay partners={[metrics]} csv={csv} />
        </>
      )}
    </div>
  );
}
