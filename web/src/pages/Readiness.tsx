// A partner's readiness report in both portals: per environment the verdict and the run
// that decides it, each required category's verdict, failures, warnings and gaps apart,
// the partner's traffic per operation, open plan items and acknowledged notes; the same
// report as Markdown or a printable page; the vendor certifies a ready environment, and
// both see the certificates with whether later evidence made them stale.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { Badge } from "../components/Badge";
import { ProjectHeader } from "../components/ProjectHeader";
import { isPartner, me } from "../state/session";
import { day, plural, when } from "../lib/format";

type Report = components["schemas"]["ReadinessReport"];
type Environment = components["schemas"]["ReadinessEnvironment"];
type Case = components["schemas"]["ReadinessCase"];
type Certificate = components["schemas"]["Certificate"];

const verdictWords: Record<Environment["verdict"], string> = {
  ready: "ready",
  blocked: "blocked",
  incomplete: "incomplete",
  no_run: "no run yet",
};
const verdictTone: Record<Environment["verdict"], string> = {
  ready: "passed",
  blocked: "failed",
  incomplete: "warning",
  no_run: "plain",
};

function Cases({ title, cases, runLink }: { title: string; cases: Case[]; runLink: string }) {
  if (cases.length === 0) return null;
  return (
    <details open={title === "Failures"}>
      <summary>
        {title} ({cases.length})
      </summary>
      <ul>
        {cases.map((c) => (
          <li key={c.position}>
            <code>{c.case_id}</code>
            {c.operation_id && (
              <>
                {" "}
                on <code>{c.operation_id}</code>
              </>
            )}
            : {c.reason || c.status} (<a href={runLink}>the run</a>)
          </li>
        ))}
      </ul>
    </details>
  );
}

function EnvironmentCard({ env, base }: { env: Environment; base: string }) {
  const runLink = env.run ? `${base}/runs/${env.run.id}` : "";
  return (
    <section class="card stack" aria-labelledby={`env-${env.id}`}>
      <h3 id={`env-${env.id}`}>
        {env.name} <Badge value={verdictTone[env.verdict]} label={verdictWords[env.verdict]} />
      </h3>
      {env.run ? (
        <p>
          Decided by <a href={runLink}>run {env.run.id}</a>, finished {when(env.run.finished_at)}.
        </p>
      ) : (
        <p class="muted">No run in {env.name} yet.</p>
      )}
      {env.categories.length > 0 && (
        <table>
          <caption class="visually-hidden">Categories in {env.name}</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Required</th>
              <th scope="col">Verdict</th>
              <th scope="col">Passed</th>
              <th scope="col">Failed</th>
              <th scope="col">Warnings</th>
              <th scope="col">Could not set up</th>
            </tr>
          </thead>
          <tbody>
            {env.categories.map((c) => (
              <tr key={c.category}>
                <th scope="row">{c.category.replace(/_/g, " ")}</th>
                <td>{c.required ? "yes" : "no"}</td>
                <td>
                  <Badge value={c.verdict} />
                </td>
                <td>{c.passed}</td>
                <td>{c.failed}</td>
                <td>{c.warnings}</td>
                <td>{c.not_set_up}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Cases title="Failures" cases={env.failures} runLink={runLink} />
      <Cases title="Warnings" cases={env.warnings} runLink={runLink} />
      <Cases title="Could not set up" cases={env.gaps} runLink={runLink} />
    </section>
  );
}

function Certificates({
  path,
  report,
  reload,
}: {
  path: { project_id: string; partner_id: string };
  report: Report;
  reload: number;
}) {
  const [certificates, setCertificates] = useState<Certificate[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [issued, setIssued] = useState(0);
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/partners/{partner_id}/certificates", { params: { path } })
      .then(({ data }) => setCertificates(data?.items ?? []));
  }, [reload, issued]);
  async function certify(env: Environment) {
    const { error } = await api.POST("/api/v1/projects/{project_id}/partners/{partner_id}/certificates", {
      params: { path },
      body: { environment_id: env.id },
    });
    if (error) return setProblem((error as { detail?: string }).detail ?? "The certificate was not issued.");
    setProblem(null);
    setIssued((n) => n + 1);
  }
  const ready = report.environments.filter((e) => e.verdict === "ready");
  const filePath = `/api/v1/projects/${path.project_id}/partners/${path.partner_id}/certificates`;
  return (
    <section class="card stack" aria-labelledby="certificates-title">
      <h2 id="certificates-title">Certificates</h2>
      <p class="muted">
        Signed by this server with Ed25519; anyone checks one offline with{" "}
        <code>icopilot certificate verify FILE --public-key KEY</code> and the key at{" "}
        <a href="/api/v1/certificate-key">/api/v1/certificate-key</a>.
      </p>
      {!isPartner.value && (
        <div class="row">
          {ready.length === 0 ? (
            <p>No environment is ready to certify yet.</p>
          ) : (
            ready.map((env) => (
              <button key={env.id} type="button" onClick={() => void certify(env)}>
                Certify for {env.name}
              </button>
            ))
          )}
        </div>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {certificates === null ? (
        <p class="muted" aria-busy="true">Loading…</p>
      ) : certificates.length === 0 ? (
        <p>No certificate issued.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Certificates issued</caption>
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Issued</th>
              <th scope="col">Status</th>
              <th scope="col">SHA-256</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {certificates.map((c) => (
              <tr key={c.id}>
                <td>{c.environment_name}</td>
                <td>{when(c.issued_at)}</td>
                <td>
                  {c.stale ? (
                    <>
                      <Badge value="warning" label="stale" /> {c.stale_reason} ({day(c.stale_at)})
                    </>
                  ) : (
                    <Badge value="passed" label="current" />
                  )}
                </td>
                <td>
                  <code title={c.sha256}>{c.sha256.slice(0, 16)}…</code>
                </td>
                <td>
                  <a href={`${filePath}/${c.id}/file`} download={`${c.id}.json`}>
                    Download<span class="visually-hidden"> the certificate for {c.environment_name} issued {when(c.issued_at)}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ReadinessView({ projectId, partnerId, base }: { projectId: string; partnerId: string; base: string }) {
  const [report, setReport] = useState<Report | null>(null);
  const [missing, setMissing] = useState(false);
  const path = { project_id: projectId, partner_id: partnerId };
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/partners/{partner_id}/readiness", { params: { path } })
      .then(({ data }) => (data ? setReport(data) : setMissing(true)));
  }, [projectId, partnerId]);
  if (missing) return <p>This partner's report is not available.</p>;
  if (!report) return <p class="muted" aria-busy="true">Loading…</p>;
  const documents = `/api/v1/projects/${projectId}/partners/${partnerId}/readiness`;
  const acknowledged = report.notes_acknowledged;
  return (
    <div class="stack">
      <p class="row">
        <span>
          Readiness of <strong>{report.partner_name}</strong>, as of {when(report.generated_at)}.
        </span>
        <a href={`${documents}/html`} target="_blank" rel="noopener">
          Printable page
        </a>
        <a href={`${documents}/markdown`} download={`readiness-${partnerId}.md`}>
          Markdown
        </a>
      </p>
      <section class="stack" aria-labelledby="environments-title">
        <h2 id="environments-title">Environments</h2>
        {report.environments.map((env) => (
          <EnvironmentCard key={env.id} env={env} base={base} />
        ))}
      </section>
      <Certificates path={path} report={report} reload={0} />
      <section class="card stack" aria-labelledby="traffic-title">
        <h2 id="traffic-title">Traffic since {day(report.traffic_since)}</h2>
        {report.traffic.length === 0 ? (
          <p>No call traced.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Calls per operation</caption>
            <thead>
              <tr>
                <th scope="col">Environment</th>
                <th scope="col">Operation</th>
                <th scope="col">Calls</th>
                <th scope="col">4xx</th>
                <th scope="col">5xx or no answer</th>
                <th scope="col">With violations</th>
                <th scope="col">Last call</th>
              </tr>
            </thead>
            <tbody>
              {report.traffic.map((t) => (
                <tr key={`${t.environment_id} ${t.operation_id}`}>
                  <td>{report.environments.find((e) => e.id === t.environment_id)?.name ?? t.environment_id}</td>
                  <td>{t.operation_id ? <code>{t.operation_id}</code> : "(no operation matched)"}</td>
                  <td>{t.calls}</td>
                  <td>{t.client_errors}</td>
                  <td>{t.server_errors}</td>
                  <td>{t.with_violations > 0 ? <strong>{t.with_violations}</strong> : "0"}</td>
                  <td>{when(t.last_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card stack" aria-labelledby="open-title">
        <h2 id="open-title">Open plan items ({report.open_items.length})</h2>
        {report.open_items.length === 0 ? (
          <p>Every item of the plan is done.</p>
        ) : (
          <ul>
            {report.open_items.map((item) => (
              <li key={item.id}>
                {item.phase_name}: <strong>{item.title}</strong> ({item.owner}
                {item.due_at ? `, due ${day(item.due_at)}` : ""})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card stack" aria-labelledby="notes-title">
        <h2 id="notes-title">
          The vendor's notes: {acknowledged} of {plural(report.notes.length, "note")} acknowledged
        </h2>
        <ul>
          {report.notes.map((note) => (
            <li key={note.id}>
              <Badge value={note.acknowledged ? "passed" : "warning"} label={note.acknowledged ? "acknowledged" : "not acknowledged"} />{" "}
              {note.kind.replace(/_/g, " ")}
              {note.operation_id && (
                <>
                  {" "}
                  on <code>{note.operation_id}</code>
                </>
              )}
              : {note.summary}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export function PartnerReadiness({ projectId }: { projectId: string }) {
  const orgId = me.value?.org.id;
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="plan" />
      <p>
        <a href={`/partner/projects/${projectId}/plan`}>Back to the plan</a>
      </p>
      {orgId && <ReadinessView projectId={projectId} partnerId={orgId} base={`/partner/projects/${projectId}`} />}
    </div>
  );
}

export function VendorReadiness({ projectId, partnerId }: { projectId: string; partnerId: string }) {
  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="plan" />
      <p>
        <a href={`/projects/${projectId}/plan/${partnerId}`}>Back to the plan</a>
      </p>
      <ReadinessView projectId={projectId} partnerId={partnerId} base={`/projects/${projectId}`} />
    </div>
  );
}
