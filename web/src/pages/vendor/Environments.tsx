// A project's environments (sandbox, UAT...): where runs and the proxy send requests.
// Credentials are write-only: the API says which are set, never their values. A trace
// signing secret is shown once, when it is made.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { CredentialFields, credentialsOf } from "../../components/CredentialFields";
import { Field } from "../../components/Field";
import { FormError } from "../../components/FormError";
import { ProjectHeader } from "../../components/ProjectHeader";
import { useFormErrors } from "../../components/useFormErrors";
import { when } from "../../lib/format";

type Environment = components["schemas"]["Environment"];


function setCredentials(env: Environment): string {
  const set = Object.entries(env.credentials as Record<string, unknown>).filter(([, v]) => v).map(([k]) => k);
  return set.length ? set.join(", ") : "none";
}

function EnvironmentCard({ projectId, env, changed }: { projectId: string; env: Environment; changed: () => void }) {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const path = { project_id: projectId, environment_id: env.id };

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const { error } = await api.PATCH("/api/v1/projects/{project_id}/environments/{environment_id}", {
      params: { path },
      body: {
        name: String(form.get("name")),
        base_url: String(form.get("base_url")),
        timeout_ms: Number(form.get("timeout_ms")),
        credentials: credentialsOf(form),
      },
    });
    if (error) return fromProblem(error);
    reset();
    setEditing(false);
    changed();
  }
  async function rotate() {
    const { data, error } = await api.POST("/api/v1/projects/{project_id}/environments/{environment_id}/trace-secrets", {
      params: { path },
      body: {},
    });
    if (error) return fromProblem(error);
    setSecret(data.secret);
  }

  return (
    <li class="card stack">
      <h3>{env.name}</h3>
      <dl class="facts">
        <dt>Base URL</dt>
        <dd><code>{env.base_url}</code></dd>
        <dt>Credentials set</dt>
        <dd>{setCredentials(env)}</dd>
        <dt>Timeout</dt>
        <dd>{env.timeout_ms} ms</dd>
        <dt>Changed</dt>
        <dd>{when(env.updated_at)}</dd>
      </dl>
      <FormError message={errors.form} />
      {secret && (
        <div role="status" class="stack">
          <p>The new trace signing secret, shown this once: the gateway signs each batch with it.</p>
          <code class="secret">{secret}</code>
          <button type="button" class="secondary" onClick={() => setSecret(null)}>I have copied it</button>
        </div>
      )}
      <div class="row">
        <button type="button" class="secondary" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {editing ? "Close" : `Edit ${env.name}`}
        </button>
        <button type="button" class="secondary" onClick={rotate}>Rotate trace signing secret</button>
      </div>
      {editing && (
        <form class="stack" onSubmit={save} noValidate aria-label={`Edit ${env.name}`}>
          <Field name="name" label="Name" value={env.name} error={errors.fields.name} onInput={clear} required />
          <Field name="base_url" label="Base URL" value={env.base_url} error={errors.fields.base_url} onInput={clear} required />
          <Field name="timeout_ms" label="Timeout (ms)" type="number" value={String(env.timeout_ms)}
                 error={errors.fields.timeout_ms} onInput={clear} />
          <CredentialFields errors={errors.fields} clear={clear} under="credentials." legend="Credentials" keeps />
          <button type="submit">Save</button>
        </form>
      )}
    </li>
  );
}

export function Environments({ projectId }: { projectId: string }) {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [environments, setEnvironments] = useState<Environment[] | null>(null);
  const [reload, setReload] = useState(0);
  const path = { project_id: projectId };

  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/environments", { params: { path } })
      .then(({ data }) => setEnvironments(data?.items ?? []));
  }, [projectId, reload]);

  async function create(event: SubmitEvent) {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const form = new FormData(element);
    const { error } = await api.POST("/api/v1/projects/{project_id}/environments", {
      params: { path },
      body: {
        name: String(form.get("name")),
        base_url: String(form.get("base_url")),
        verify_tls: true,
        timeout_ms: 10000,
        proxy_credentials: false,
        credentials: credentialsOf(form),
      },
    });
    if (error) return fromProblem(error);
    reset();
    element.reset();
    setReload((n) => n + 1);
  }

  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="environments" />
      {environments === null ? (
        <p class="muted" aria-busy="true">Loading environments…</p>
      ) : environments.length === 0 ? (
        <p>No environment yet: add the sandbox partners test against.</p>
      ) : (
        <ul class="cards">
          {environments.map((env) => (
            <EnvironmentCard key={env.id} projectId={projectId} env={env} changed={() => setReload((n) => n + 1)} />
          ))}
        </ul>
      )}
      <section class="card">
        <form class="stack" onSubmit={create} noValidate aria-labelledby="add-environment">
          <h2 id="add-environment">Add an environment</h2>
          <FormError message={errors.form} />
          <Field name="name" label="Name" error={errors.fields.name} onInput={clear} required />
          <Field name="base_url" label="Base URL" error={errors.fields.base_url} onInput={clear} required />
          <CredentialFields errors={errors.fields} clear={clear} under="credentials." legend="Credentials" />
          <button type="submit">Add environment</button>
        </form>
      </section>
    </div>
  );
}
