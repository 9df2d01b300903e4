// One paged list for every collection: the API's cursor drives "Load more", and each
// fetch has its four states (loading, error with Retry, empty, data). `reload` changes
// when the caller changed the collection.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

interface Props<T> {
  fetchPage: (cursor: string | null) => Promise<{ data?: Page<T>; error?: unknown }>;
  render: (items: T[]) => ComponentChildren;
  empty: ComponentChildren;
  what: string;  // "projects": for the loading and error messages
  reload?: number;
}

export function PagedList<T>({ fetchPage, render, empty, what, reload = 0 }: Props<T>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  async function load(after: string | null) {
    setLoading(true);
    setError(null);
    const { data, error: problem } = await fetchPage(after);
    setLoading(false);
    if (!data) {
      setError((problem as { detail?: string } | undefined)?.detail ?? `The ${what} could not be read.`);
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
        {error}{" "}
        <button type="button" class="secondary" onClick={() => load(null)}>
          Retry
        </button>
      </div>
    );
  if (items === null) return <p class="muted" aria-busy="true">Loading {what}…</p>;
  if (items.length === 0) return <>{empty}</>;
  return (
    <div class="stack">
      {render(items)}
      {cursor && (
        <button type="button" class="secondary" disabled={loading} onClick={() => load(cursor)}>
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
