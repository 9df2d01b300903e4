// A spec version's test profile: the ten golden categories, whether the spec engine found
// each applies and why, and the vendor's choice per category (required, optional, not
// applicable). Saving sends the categories the vendor chose before or changes now, so the
// others keep following what the engine detects.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { Badge } from "./Badge";
import { FormError } from "./FormError";

type Profile = components["schemas"]["Profile"];
type Requirement = Profile["categories"][number]["requirement"];

export function ProfileEditor({ projectId, specVersionId, label }: { projectId: string; specVersionId: string; label: string }) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [choices, setChoices] = useState<Record<string, Requirement>>({});
  const path = { project_id: projectId, spec_version_id: specVersionId };
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}/specs/{spec_version_id}/profile", { params: { path } })
      .then(({ data, error: problem }) => {
        setProfile(data ?? null);
        setError(data ? null : ((problem as { detail?: string } | undefined)?.detail ?? "The profile could not be read."));
      });
  }, [specVersionId]);

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const overrides: Record<string, Requirement> = {};
    for (const category of profile?.categories ?? []) {
      const chosen = String(form.get(category.category)) as Requirement;
      if (category.overridden || chosen !== category.requirement) overrides[category.category] = chosen;
    }
    const { data, error: problem } = await api.PUT("/api/v1/projects/{project_id}/specs/{spec_version_id}/profile", {
      params: { path },
      body: overrides,
    });
    if (!data) {
      setError((problem as { detail?: string } | undefined)?.detail ?? "The profile could not be saved.");
      return;
    }
    setError(null);
    setProfile(data);
    setChoices({});
    setSaved(true);
  }

  if (!profile) return error ? <FormError message={error} /> : <p class="muted" aria-busy="true">Loading the profile…</p>;
  return (
    <form class="stack" onSubmit={save} aria-labelledby="profile-title">
      <h2 id="profile-title">Test profile of {label}</h2>
      <p class="muted">
        What the golden suite requires of this version. A required category must pass for a run to pass; an optional
        one is reported but never blocks.
      </p>
      <FormError message={error} />
      <table>
        <caption class="visually-hidden">Categories of the golden suite</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Detected</th>
            <th scope="col">Why</th>
            <th scope="col">Requirement</th>
          </tr>
        </thead>
        <tbody>
          {profile.categories.map((c) => (
            <tr key={c.category}>
              <td>
                <code>{c.category}</code>
              </td>
              <td>
                <Badge value={c.applicable ? "passed" : "plain"} label={c.applicable ? "applies" : "does not apply"} />
              </td>
              <td>{c.reason}</td>
              <td>
                <select
                  name={c.category}
                  aria-label={`Requirement for ${c.category}`}
                  value={choices[c.category] ?? c.requirement}
                  onChange={(event) => {
                    const chosen = (event.currentTarget as HTMLSelectElement).value as Requirement;
                    setChoices({ ...choices, [c.category]: chosen });
                    setSaved(false);
                  }}
                >
                  <option value="required">required</option>
                  <option value="optional">optional</option>
                  <option value="not_applicable">not applicable</option>
                </select>
                {c.overridden && <span class="muted"> (yours)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit">Save profile</button>
      {saved && <p role="status">Saved: runs of this version use it from now on.</p>}
    </form>
  );
}
