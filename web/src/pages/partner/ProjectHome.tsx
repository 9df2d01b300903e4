// A partner's start in one project: what to do next, in order, and where to do it.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { ProjectHeader } from "../../components/ProjectHeader";
import { RunResult } from "../Runs";
import { useProjectNames } from "../../lib/useProjectNames";

type Run = components["schemas"]["Run"];

export function PartnerProjectHome({ projectId }: { projectId: string }) {
  const names = useProjectNames(projectId);
  const [runs, setRuns] = useState<Run[] | null>(null);
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/runs", { params: { path: { project_id: projectId } } })
      .then(({ data }) => setRuns(data?.items ?? []));
  }, [projectId]);
  const base = `/partner/projects/${projectId}`;
  const onMock = runs?.find((run) => run.environment_id === "mock" && run.status === "finished");
  const elsewhere = runs?.find((run) => run.environment_id !== "mock" && run.status === "finished");
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="" />
      <section class="card stack" aria-labelledby="next-title">
        <h2 id="next-title">What to do next</h2>
        <ol class="steps">
          <li>
            <strong>Build against the hosted mock.</strong> It answers like the API, remembers what you create,
            and checks every request you send.{" "}
            {onMock ? <RunResult run={onMock} /> : <a href={`${base}/runs`}>Run the suite against the mock</a>}
          </li>
          <li>
            <strong>Pass the suite in an environment the vendor offers</strong>
            {names.environments.length > 0 && `: ${names.environments.map((e) => e.name).join(", ")}`}.{" "}
            {elsewhere ? <RunResult run={elsewhere} /> : <a href={`${base}/runs`}>Run it there</a>}
          </li>
          <li>
            <strong>Check your own traffic.</strong> <a href={`${base}/traces`}>Your traces</a> show each call
            checked against the contract.
          </li>
        </ol>
      </section>
      <section class="card stack" aria-labelledby="versions-title">
        <h2 id="versions-title">The API</h2>
        {names.specs.length === 0 ? (
          <p class="muted">The vendor has not published a spec yet.</p>
        ) : (
          <ul>
            {names.specs.map((spec) => (
              <li key={spec.id}>
                {spec.title} <strong>{spec.label}</strong>: {spec.operation_count} operations
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
