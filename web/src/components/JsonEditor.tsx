// A JSON editor (CodeMirror 6, loaded on first use) with completion from a schema and the
// problems placed in the text. The document is the parent's: `text` is what it holds, and
// a new `revision` replaces the editor's content with `text` (a prefill, a bad example).
import { useEffect, useRef, useState } from "preact/hooks";
import type { JsonEditorHandle, Problem } from "../lib/jsonEditor";
import type { SchemaReader } from "../lib/schemaWalk";

interface Props {
  id: string;
  label: string;
  text: string;
  revision: number;
  onChange: (text: string) => void;
  schema: SchemaReader;
  problems: Problem[];
  caseInsensitiveUnder?: string;
}

export function JsonEditor({ id, label, text, revision, onChange, schema, problems, caseInsensitiveUnder }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<JsonEditorHandle | null>(null);
  const latest = useRef({ text, onChange, schema, problems });
  latest.current = { text, onChange, schema, problems };
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void import("../lib/jsonEditor").then(({ createJsonEditor }) => {
      if (cancelled || !host.current) return;
      handle.current = createJsonEditor({
        host: host.current,
        doc: latest.current.text,
        label,
        caseInsensitiveUnder,
        onChange: (value) => latest.current.onChange(value),
        schema: {
          members: (path) => latest.current.schema.members(path),
          values: (path) => latest.current.schema.values(path),
        },
      });
      handle.current.setProblems(latest.current.problems);
      setReady(true);
    });
    return () => {
      cancelled = true;
      handle.current?.destroy();
      handle.current = null;
    };
  }, []);
  useEffect(() => {
    if (revision > 0) handle.current?.setDoc(latest.current.text);
  }, [revision]);
  useEffect(() => {
    handle.current?.setProblems(problems);
  }, [problems, ready]);

  return (
    <div class="json-editor-frame">
      {!ready && <p class="muted" aria-busy="true">Loading the editor…</p>}
      <div class="json-editor" id={id} ref={host} />
    </div>
  );
}
