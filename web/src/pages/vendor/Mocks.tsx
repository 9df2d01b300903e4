// A project's hosted mocks: create one from a spec version with its behaviours (each
// setting's error shown at its field), see its health and where it answers, move it to
// another spec version, reset its state, and read its request journal.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Badge } from "../../components/Badge";
import { Field } from "../../components/Field";
import { FormError } from "../../components/FormError";
import { PagedList } from "../../components/PagedList";
import { ProjectHeader } from "../../components/ProjectHeader";
import { useFormErrors } from "../../components/useFormErrors";
import { when } from "../../lib/format";
import { useProjectNames } from "../../lib/useProjectNames";

type Mock = components["schemas"]["Mock"];
type SpecVersion = components["schemas"]["SpecVersion"];
type Journal = components["schemas"]["MockJournal"]["items"];

function JournalTable({ items }: { items: Journal }) {
  if (items.length === 0) return <p class="muted">No request yet.</p>;
  return (
    <table>
      <caption class="visually-hidden">The mock's latest requests</caption>
      <thead>
        <tr>
          <th scope="col">At</th>
          <th scope="col">Request</th>
          <th scope="col">Status</th>
          <th scope="col">What the mock saw</th>
        </tr>
      </thead>
      <tbody>
        {items.map((entry, i) => (
          <tr key={i}>
            <td>{when(entry.at)}</td>
            <td>
              <code>
                {entry.method} {entry.target}
              </code>
            </td>
            <td>{entry.status}</td>
            <td>{[entry.why, ...entry.violations].filter(Boolean).join("; ") || entry.operation_id}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// The spec version a mock serves, changed in place: the same URL and credentials, the new
// version's operations (what a stateful mock stored is kept).
function MockVersion({ projectId, mock, specs, said }: { projectId: string; mock: Mock; specs: SpecVersion[]; said: (note: string) => void }) {
  const [chosen, setChosen] = useState(mock.spec_version_id);
  const id = `mock-version-${mock.id}`;
  async function move() {
    const { data, error } = await api.PATCH("/api/v1/projects/{project_id}/mocks/{mock_id}", {
      params: { path: { project_id: projectId, mock_id: mock.id } },
      body: { spec_version_id: chosen },
    });
    if (error || !data) return said((error as { detail?: string })?.detail ?? "The mock could not be moved.");
    const label = specs.find((s) => s.id === data.spec_version_id)?.label ?? data.spec_version_id;
    said(`${mock.name} now serves ${label}; its URL and credentials are the same.`);
  }
  return (
    <div class="row">
      <div class="field inline">
        <label for={id}>Serve version</label>
        <select id={id} value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
          {specs.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
        </select>
      </div>
      <button type="button" class="secondary" disabled={chosen === mock.spec_version_id} onClick={move}>
        Serve it<span class="visually-hidden"> on {mock.name}</span>
      </button>
    </div>
  );
}

function MockRow({ projectId, mock, spec, specs, changed }: { projectId: string; mock: Mock; spec: string; specs: SpecVersion[]; changed: () => void }) {
  const [journal, setJournal] = useState<Journal | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const path = { project_id: projectId, mock_id: mock.id };
  async function reset() {
    const { error } = await api.POST("/api/v1/projects/{project_id}/mocks/{mock_id}/reset", { params: { path } });
    setNote(error ? ((error as { detail?: string }).detail ?? "The mock could not be reset.") : "Its state is empty again.");
    changed();
  }
  async function showJournal() {
    const { data } = await api.GET("/api/v1/projects/{project_id}/mocks/{mock_id}/requests", { params: { path } });
    setJournal(data?.items ?? []);
  }
  return (
    <li class="card stack">
      <h3>{mock.name}</h3>
      <dl class="facts">
        <dt>Spec version</dt>
        <dd>{spec}</dd>
        <dt>Answers at</dt>
        <dd><code>{window.location.origin + mock.path}</code></dd>
        <dt>Health</dt>
        <dd>
          <Badge value={mock.health.status === "failed" ? "error" : "passed"} label={mock.health.status} />{" "}
          {mock.health.requests} requests, {mock.health.client_errors} client errors, {mock.health.server_errors} server
          errors, {mock.health.resources} resources stored
        </dd>
        <dt>Behaviours</dt>
        <dd><code>{JSON.stringify(mock.config)}</code></dd>
        <dt>Client id</dt>
        <dd><code>{mock.credentials.client_id}</code></dd>
      </dl>
      {specs.length > 1 && (
        <MockVersion projectId={projectId} mock={mock} specs={specs}
                     said={(said) => { setNote(said); changed(); }} />
      )}
      {note && <p role="status">{note}</p>}
      <div class="row">
        <button type="button" class="secondary" onClick={reset}>Reset {mock.name}</button>
        <button type="button" class="secondary" onClick={showJournal}>Request journal</button>
      </div>
      {journal && <JournalTable items={journal} />}
    </li>
  );
}

export function Mocks({ projectId }: { projectId: string }) {
  const names = useProjectNames(projectId);
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [reload, setReload] = useState(0);
  const path = { project_id: projectId };

  async function create(event: SubmitEvent) {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const form = new FormData(element);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const config: components["schemas"]["MockConfig"] = { stateful: form.get("stateful") === "on", max_resources: 10000 };
    if (text("latency")) config.latency = text("latency");
    if (text("rate_limit")) config.rate_limit = text("rate_limit");
    if (text("chaos")) config.chaos = text("chaos");
    const { error } = await api.POST("/api/v1/projects/{project_id}/mocks", {
      params: { path },
      body: { spec_version_id: text("spec_version_id"), name: text("name"), config },
    });
    if (error) return fromProblem(error);
    reset();
    element.reset();
    setReload((n) => n + 1);
  }

  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="mocks" />
      <PagedList<Mock>
        what="mocks"
        reload={reload}
        empty={<p>No hosted mock yet: make one from a spec version below.</p>}
        fetchPage={(cursor) =>
          api.GET("/api/v1/projects/{project_id}/mocks", { params: { path, query: cursor ? { cursor } : {} } })
        }
        render={(items) => (
          <ul class="cards">
            {items.map((mock) => (
              <MockRow key={mock.id} projectId={projectId} mock={mock} spec={names.spec(mock.spec_version_id)} specs={names.specs}
                       changed={() => setReload((n) => n + 1)} />
            ))}
          </ul>
        )}
      />
      <section class="card">
        <form class="stack" onSubmit={create} noValidate aria-labelledby="add-mock">
          <h2 id="add-mock">Create a hosted mock</h2>
          <FormError message={errors.form} />
          <div class="field">
            <label for="mock-spec">Spec version</label>
            <select id="mock-spec" name="spec_version_id">
              {names.specs.map((spec) => (
                <option key={spec.id} value={spec.id}>
                  {spec.label} ({spec.title})
                </option>
              ))}
            </select>
          </div>
          <Field name="name" label="Name" error={errors.fields.name} onInput={clear} required />
          <div class="field checkbox">
            <input id="mock-stateful" name="stateful" type="checkbox" defaultChecked />
            <label for="mock-stateful">Stateful: remembers what is created</label>
          </div>
          <Field name="latency" label="Latency (50ms, or a range 20-200ms)" error={errors.fields["config.latency"]} onInput={clear} />
          <Field name="rate_limit" label="Rate limit (100/min)" error={errors.fields["config.rate_limit"]} onInput={clear} />
          <Field name="chaos" label="Chaos: share of 5xx answers (0.05 or 5%)" error={errors.fields["config.chaos"]} onInput={clear} />
          <button type="submit">Create mock</button>
        </form>
      </section>
    </div>
  );
}
