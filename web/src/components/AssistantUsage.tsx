// How the vendor's partners use the assistant over 30 days: questions per day (and those
// answered from evidence, with nobody needed) as a chart, and per partner the totals and
// their ratings.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { DailyChart } from "./DailyChart";

type Usage = components["schemas"]["AssistantUsage"]["items"][number];

export function AssistantUsage({ projectId, partnerName }: { projectId: string; partnerName: (id: string) => string }) {
  const csv = `/api/v1/projects/${projectId}/metrics/assistant/csv?days=30`;
  const [items, setItems] = useState<Usage[] | null>(null);
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/assistant/usage", { params: { path: { project_id: projectId }, query: { days: 30 } } })
      .then(({ data }) => setItems(data?.items ?? []));
  }, [projectId]);
  if (items === null) return <p class="muted" aria-busy="true">Loading the usage…</p>;
  const perDay = new Map<string, { questions: number; grounded: number }>();
  const perPartner = new Map<string, Usage>();
  for (const u of items) {
    const d = perDay.get(u.day) ?? { questions: 0, grounded: 0 };
    d.questions += u.questions;
    d.grounded += u.grounded;
    perDay.set(u.day, d);
    const p = perPartner.get(u.partner_id) ?? { ...u, questions: 0, grounded: 0, by_model: 0, helpful: 0, not_helpful: 0 };
    p.questions += u.questions;
    p.grounded += u.grounded;
    p.by_model += u.by_model;
    p.helpful += u.helpful;
    p.not_helpful += u.not_helpful;
    perPartner.set(u.partner_id, p);
  }
  const days = [...perDay.keys()].sort();
  return (
    <section class="card stack" aria-labelledby="usage-title">
      <h2 id="usage-title">The assistant's use over 30 days</h2>
      <p class="muted">
        Days in UTC. <a href={csv} download>Download as CSV</a>
      </p>
      {days.length === 0 ? (
        <p>No question in the last 30 days.</p>
      ) : (
        <>
          <DailyChart
            title="Questions per day"
            days={days}
            series={[
              { label: "Questions", values: days.map((d) => perDay.get(d)!.questions), colour: "--accent" },
              { label: "Answered from evidence", values: days.map((d) => perDay.get(d)!.grounded), colour: "--success" },
            ]}
          />
          <table>
            <caption class="visually-hidden">Questions per partner</caption>
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">Questions</th>
                <th scope="col">Answered from evidence</th>
                <th scope="col">By the model</th>
                <th scope="col">Rated helpful</th>
                <th scope="col">Rated not helpful</th>
              </tr>
            </thead>
            <tbody>
              {[...perPartner.values()].map((p) => (
                <tr key={p.partner_id}>
                  <th scope="row">{partnerName(p.partner_id)}</th>
                  <td>{p.questions}</td>
                  <td>{p.grounded}</td>
                  <td>{p.by_model}</td>
                  <td>{p.helpful}</td>
                  <td>{p.not_helpful}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
