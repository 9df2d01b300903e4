// The projects the caller can see, a page at a time with the API's cursor, in the four
// states of a fetch: loading, error (with Retry), empty, and data.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";

type Project = components["schemas"]["Project"];

interface Props {
  reload: number;  // bumped by the parent after a change
  empty: ComponentChildren;
}

export function ProjectList({ reload, empty }: Props) {
  const [items, setItems] = useState<Project[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  async function load(after: string | null) {
    setLoading(true);
    setError(null);
    const query = after ? { limit: 50, cursor: after } : { limit: 50 };
    const { data, error: problem } = await api.GET("/api/v1/projects", { params: { query } });
    setLoading(false);
    if (!data) {
      setError((problem as { detail?: string } | undefined)?.detail ?? "The projects could not be read.");
      return;
    }
    setItems((old) => (after && old ? [...old, ...data.items] : data.items));
    setCursor(data.next_cursor ?? null);
  }

  useEffect(() => {
    void load(null);
  }, [reload]);

  if (error)
    return (
      <div class="form-error" role="alert">
        {error} <button type="button" class="secondary" onClick={() => load(null)}>Retry</button>
      </div>
    );
  if (items === null) return <p class="muted" aria-busy="true">Loading projects…</p>;
  if (items.length === 0) return <>{empty}</>;
  return (
    <div class="stack">
      <table>
        <caption class="visually-hidden">Projects</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Description</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {items.map((project) => (
            <tr key={project.id}>
              <td>{project.name}</td>
              <td class="muted">{project.description}</td>
              <td>{new Date(project.created_at).toLocaleDateString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor && (
        <button type="button" class="secondary" disabled={loading} onClick={() => load(cursor)}>
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
