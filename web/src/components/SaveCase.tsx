// "Save as test case" under a sent request's answer: the request is kept with the status
// it must get, whether its body must fit the documented schema, and the answer's fields
// the partner ticks (their values as they came). It runs with the next golden run.
import { useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import type { Params } from "../lib/playgroundRequest";

type Sent = components["schemas"]["PlaygroundSent"];
type SavedCase = components["schemas"]["SavedCase"];

interface Props {
  projectId: string;
  versionId: string;
  operationId: string;
  params: Params;
  body: string;
  sent: Sent;
  onSaved: (saved: SavedCase) => void;
}

// The answer's top-level fields that hold a plain value: what a partner may pin.
function pinnable(body: string | undefined): [string, unknown][] {
  try {
    const parsed: unknown = JSON.parse(body ?? "");
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [];
    return Object.entries(parsed as Record<string, unknown>)
      .filter(([, value]) => value === null || ["string", "number", "boolean"].includes(typeof value))
      .slice(0, 12);
  } catch {
    return [];
  }
}

export function SaveCase({ projectId, versionId, operationId, params, body, sent, onSaved }: Props) {
  const call = sent.exchanges[sent.exchanges.length - 1];
  const status = call?.status ?? 200;
  const [name, setName] = useState(`${operationId} answers ${status}`);
  const [expected, setExpected] = useState(String(status));
  const [schema, setSchema] = useState(true);
  const [pinned, setPinned] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedCase | null>(null);
  const fields = pinnable(call?.response_body);

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    const { data, error: problem } = await api.POST("/api/v1/projects/{project_id}/saved-cases", {
      params: { path: { project_id: projectId } },
      body: {
        name,
        operation_id: operationId,
        spec_version_id: versionId,
        request: { ...params, body },
        expected_status: Number(expected),
        checks: {
          body_schema: schema,
          fields: fields.filter(([key]) => pinned.includes(key)).map(([key, value]) => ({ pointer: `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, equals: value })),
        },
      },
    });
    if (problem || !data) {
      setError((problem as { detail?: string } | undefined)?.detail ?? "The case could not be saved.");
      return;
    }
    setSaved(data);
    onSaved(data);
  }

  if (!call || call.error) return null;
  if (saved)
    return (
      <p role="status">
        Saved as <strong>{saved.name}</strong>: it runs with your next golden run, in the group "Saved cases".
      </p>
    );
  return (
    <details>
      <summary>Save as test case</summary>
      <form class="stack" onSubmit={(e) => void save(e)} aria-label="Save as test case">
        <div class="field">
          <label for="case-name">Name</label>
          <input id="case-name" value={name} maxLength={200} required onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field inline">
          <label for="case-status">Expected status</label>
          <input id="case-status" type="number" min={100} max={599} value={expected} required onInput={(e) => setExpected(e.currentTarget.value)} />
        </div>
        <div class="field checkbox">
          <input id="case-schema" type="checkbox" checked={schema} onChange={(e) => setSchema(e.currentTarget.checked)} />
          <label for="case-schema">The answer's body fits its documented schema</label>
        </div>
        {fields.length > 0 && (
          <fieldset>
            <legend>Fields that must keep these values</legend>
            {fields.map(([key, value], i) => (
              <div class="field checkbox" key={key}>
                <input
                  id={`case-field-${i}`}
                  type="checkbox"
                  checked={pinned.includes(key)}
                  onChange={(e) => setPinned((p) => (e.currentTarget.checked ? [...p, key] : p.filter((k) => k !== key)))}
                />
                <label for={`case-field-${i}`}>
                  <code>/{key}</code> = <code>{JSON.stringify(value)}</code>
                </label>
              </div>
            ))}
          </fieldset>
        )}
        {error && <p class="form-error" role="alert">{error}</p>}
        <div class="row">
          <button type="submit">Save case</button>
        </div>
      </form>
    </details>
  );
}
