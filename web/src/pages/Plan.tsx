// Plan boards in both portals: the vendor's overview of every partner (where each stands,
// what blocks it, and the evidence behind it), one partner's board for the vendor, and the
// partner's own board.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { EvidenceLine, PlanBoardView } from "../components/PlanBoard";
import { ProjectHeader } from "../components/ProjectHeader";
import { me } from "../state/session";
import { day } from "../lib/format";

type Standing = components["schemas"]["PlanOverview"]["items"][number];

export function PartnerPlan({ projectId }: { projectId: string }) {
  const orgId = me.value?.org.id;
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="plan" />
      <p>
        <a href={`/partner/projects/${projectId}/readiness`}>Readiness report and certificates</a>
      </p>
      {orgId && <PlanBoardView projectId={projectId} partnerId={orgId} base={`/partner/projects/${projectId}`} />}
    </div>
  );
}

export function VendorPartnerPlan({ projectId, partnerId }: { projectId: string; partnerId: string }) {
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="plan" />
      <p>
        <a href={`/projects/${projectId}/plan`}>All partners</a>
        {" · "}
        <a href={`/projects/${projectId}/plan/${partnerId}/readiness`}>Readiness report and certificates</a>
      </p>
      <PlanBoardView projectId={projectId} partnerId={partnerId} base={`/projects/${projectId}`} />
    </div>
  );
}

export function VendorPlanOverview({ projectId }: { projectId: string }) {
  const [standings, setStandings] = useState<Standing[] | null>(null);
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/plan/overview", { params: { path: { project_id: projectId } } })
      .then(({ data }) => setStandings(data?.items ?? []));
  }, [projectId]);
  const base = `/projects/${projectId}`;
  // How many partners stand in each phase, in phase order: the funnel at a glance.
  const phases = new Map<number, { name: string; count: number }>();
  for (const s of standings ?? []) {
    const entry = phases.get(s.phase) ?? { name: s.phase_name ?? "Live", count: 0 };
    entry.count += 1;
    phases.set(s.phase, entry);
  }
  const funnel = [...phases.entries()].sort((a, b) => a[0] - b[0]);
  const widest = Math.max(1, ...funnel.map(([, p]) => p.count));
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="plan" />
      {standings === null ? (
        <p class="muted" aria-busy="true">Loading…</p>
      ) : standings.length === 0 ? (
        <p>
          No partner yet: <a href={`${base}/partners`}>invite one</a>.
        </p>
      ) : (
        <>
          <section class="card stack" aria-labelledby="funnel-title">
            <h2 id="funnel-title">Partners per phase</h2>
            <ul class="plan-funnel">
              {funnel.map(([position, phase]) => (
                <li key={position}>
                  <span class="plan-funnel-label">{phase.name}</span>
                  <svg class="plan-funnel-bar" height="16" aria-hidden="true">
                    <rect width={`${(100 * phase.count) / widest}%`} height="16" rx="3" />
                  </svg>
                  <span>{phase.count}</span>
                </li>
              ))}
            </ul>
          </section>
          <section class="card stack" aria-labelledby="standings-title">
            <h2 id="standings-title">Where each partner stands</h2>
            <table>
              <caption class="visually-hidden">Where each partner stands</caption>
              <thead>
                <tr>
                  <th scope="col">Partner</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Done</th>
                  <th scope="col">Overdue</th>
                  <th scope="col">Next item</th>
                </tr>
              </thead>
              <tbody>
                {standings.map((s) => (
                  <tr key={s.partner_id}>
                    <td>
                      <a href={`${base}/plan/${s.partner_id}`}>{s.partner_name}</a>
                      <br />
                      <span class="muted">invited {day(s.invited_at)}</span>
                    </td>
                    <td>{s.phase_name ?? "Every item done"}</td>
                    <td>
                      <span class="progress">
                        <progress value={s.done} max={s.total || 1} aria-label={`Items done by ${s.partner_name}`} />
                        {s.done}/{s.total}
                      </span>
                    </td>
                    <td>{s.overdue > 0 ? <strong>{s.overdue}</strong> : "0"}</td>
                    <td>
                      {s.next_item ? (
                        <>
                          {s.next_item.title}
                          {s.next_item.evidence && s.next_item.status === "open" && (
                            <>
                              <br />
                              <EvidenceLine evidence={s.next_item.evidence} base={base} />
                            </>
                          )}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
