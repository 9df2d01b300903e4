// A partner's own credentials for an environment the vendor offers (the sandbox keys the
// vendor issued it): kept sealed, used by its org's runs only, never shown again.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import { CredentialFields, credentialsOf } from "../../components/CredentialFields";
import { FormError } from "../../components/FormError";
import { useFormErrors } from "../../components/useFormErrors";
import type { ProjectNames } from "../../lib/useProjectNames";

export function OwnCredentials({ projectId, names }: { projectId: string; names: ProjectNames }) {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [saved, setSaved] = useState<string | null>(null);
  const [savedFor, setSavedFor] = useState<string[]>([]);
  if (names.environments.length === 0) return null;
  const own = names.environments.filter((env) => env.own_credentials || savedFor.includes(env.id));

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const form = new FormData(element);
    const environmentId = String(form.get("environment_id"));
    const body = credentialsOf(form);
    if (!body) return fromProblem({ detail: "Fill in at least one credential." });
    const { error } = await api.PUT("/api/v1/projects/{project_id}/environments/{environment_id}/own-credentials", {
      params: { path: { project_id: projectId, environment_id: environmentId } },
      body,
    });
    if (error) return fromProblem(error);
    reset();
    element.reset();
    setSaved(`Saved: your runs against ${names.environment(environmentId)} send these from now on.`);
    setSavedFor((ids) => [...ids, environmentId]);
  }

  return (
    <section class="card">
      <form class="stack" onSubmit={save} noValidate aria-labelledby="own-title">
        <h2 id="own-title">Your credentials</h2>
        <p class="muted">
          The keys the vendor gave your organisation for an environment. Your runs there send them; they are stored
          encrypted and never shown again.
          {own.length > 0 && ` Set for: ${own.map((env) => env.name).join(", ")}.`}
        </p>
        <FormError message={errors.form} />
        <div class="field">
          <label for="own-environment">Environment</label>
          <select id="own-environment" name="environment_id">
            {names.environments.map((env) => (
              <option key={env.id} value={env.id}>{env.name}</option>
            ))}
          </select>
        </div>
        <CredentialFields errors={errors.fields} clear={(name) => { clear(name); setSaved(null); }} under="" legend="Credentials" />
        {saved && <p role="status">{saved}</p>}
        <button type="submit">Save my credentials</button>
      </form>
    </section>
  );
}
