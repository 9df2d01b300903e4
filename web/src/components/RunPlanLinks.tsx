// What a partner's run moved on its plan board, and where its readiness report stands:
// the way back from a failed case to the item it blocks (the board links the other way,
// from the item to this run).
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { isPartner, me } from "../state/session";

type Run = components["schemas"]["Run"];
type Item = components["schemas"]["PlanItem"];

export function RunPlanLinks({ projectId, run }: { projectId: string; run: Run }) {
  const [items, setItems] = useState<Item[]>([]);
  const partnerId = run.requester_org_id;
  // The vendor's own runs move no partner's board.
  const partnersRun = isPartner.value || partnerId !== me.value?.org.id;
  useEffect(() => {
    if (!partnersRun || run.status !== "finished") return;
    void api
      .GET("/api/v1/projects/{project_id}/partners/{partner_id}/plan", {
        params: { path: { project_id: projectId, partner_id: partnerId } },
      })
      .then(({ data }) =>
        setItems(
          (data?.phases ?? [])
            .flatMap((phase) => phase.items)
            .filter((item) => item.evidence?.kind === "run" && item.evidence.id === run.id),
        ),
      );
  }, [run.id, run.status]);
  if (items.length === 0) return null;
  const board = isPartner.value ? `/partner/projects/${projectId}/plan` : `/projects/${projectId}/plan/${partnerId}`;
  const readiness = isPartner.value
    ? `/partner/projects/${projectId}/readiness`
    : `/projects/${projectId}/plan/${partnerId}/readiness`;
  return (
    <section class="card stack" aria-labelledby="run-plan-title">
      <h2 id="run-plan-title">On the plan</h2>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            {item.status === "open" ? "Holds open" : "Completed"} <strong>{item.title}</strong> ({item.phase_name}):{" "}
            <a href={board}>the plan board</a>
          </li>
        ))}
      </ul>
      <p>
        <a href={readiness}>The readiness report</a> shows it as the run that decides its environment.
      </p>
    </section>
  );
}
