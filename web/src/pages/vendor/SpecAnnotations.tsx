// The vendor's annotations on the Specs tab: what partners are told where the spec cannot
// say it. Each points at an operation, a parameter or a body field of the newest version
// and may hold a condition on the request; the form shows which of the operation's
// examples the condition matches as it is typed, and a condition's mistake at its column.
import { useEffect, useMemo, useState } from "preact/hooks";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { annotationKinds, targetText } from "../../components/AnnotationNote";
import { Badge } from "../../components/Badge";
import { ConfirmButton } from "../../components/ConfirmButton";
import { FormError } from "../../components/FormError";
import { PagedList } from "../../components/PagedList";
import { useFormErrors } from "../../components/useFormErrors";
import { schemaReader } from "../../lib/schemaWalk";

type Annotation = components["schemas"]["Annotation"];
type Kind = Annotation["kind"];
type Summary = components["schemas"]["ReferenceSummary"];
type Operation = components["schemas"]["OperationReference"];
type Preview = components["schemas"]["ConditionPreview"];

interface Draft {
  operation_id: string;
  pointer: string;
  kind: Kind;
  message: string;
  link: string;
  condition: string;
}

const empty: Draft = { operation_id: "", pointer: "", kind: "tip", message: "", link: "", condition: "" };
const kPreviewDelayMs = 300;

// Where a note can point in an operation: its parameters and its body's fields (two levels).
function targetsOf(op: Operation | null): string[] {
  if (!op) return [];
  const where: Record<string, string> = { path: "path", query: "query", header: "headers", cookie: "cookies" };
  const out = op.parameters.map((p) => `/${where[p.in] ?? p.in}/${p.name}`);
  const media = op.request_body?.content.find((m) => m.media_type.includes("json"));
  if (media) {
    out.push("/body");
    const reader = schemaReader(media.schema, op.schemas as Record<string, unknown>);
    for (const member of reader.members([])) {
      out.push(`/body/${member.name}`);
      for (const inner of reader.members([member.name])) out.push(`/body/${member.name}/${inner.name}`);
    }
  }
  return out;
}

function ConditionPreview({ projectId, operationId, condition }: { projectId: string; operationId: string; condition: string }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPreview(null);
    setError(null);
    if (!operationId || !condition.trim()) return;
    const timer = setTimeout(() => {
      void api
        .POST("/api/v1/projects/{project_id}/annotations/preview", {
          params: { path: { project_id: projectId } },
          body: { operation_id: operationId, condition },
        })
        .then(({ data, error: problem }) => {
          setPreview(data ?? null);
          const p = problem as { errors?: { detail: string }[]; detail?: string } | undefined;
          setError(p ? (p.errors?.[0]?.detail ?? p.detail ?? "The condition could not be checked.") : null);
        });
    }, kPreviewDelayMs);
    return () => clearTimeout(timer);
  }, [operationId, condition]);
  if (!condition.trim()) return <p class="muted" id="condition-preview">Without a condition the note is shown on every request to the operation.</p>;
  if (error) {
    const column = Number(/^column (\d+)/.exec(error)?.[1] ?? 0);
    return (
      <div id="condition-preview" role="alert" class="field-error">
        {error}
        {column > 0 && (
          <pre class="code" aria-hidden="true">
            {condition}
            {"\n" + " ".repeat(column - 1) + "^"}
          </pre>
        )}
      </div>
    );
  }
  if (!preview) return <p class="muted" id="condition-preview" aria-busy="true">Trying the condition on the operation's examples…</p>;
  return (
    <div id="condition-preview" role="status">
      <p>On the operation's examples:</p>
      <ul class="inline-list">
        {preview.examples.map((e) => (
          <li key={e.name}>
            <code>{e.name}</code> {e.matched ? <Badge value="passed" label="matches" /> : <Badge value="skipped" label="does not match" />}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SpecAnnotations({ projectId, versionId }: { projectId: string; versionId: string | null }) {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [operations, setOperations] = useState<Summary[]>([]);
  const [operation, setOperation] = useState<Operation | null>(null);
  const [draft, setDraft] = useState<Draft>(empty);
  const [editing, setEditing] = useState<Annotation | null>(null);
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const path = { project_id: projectId };

  useEffect(() => {
    if (!versionId) return;
    setReload((n) => n + 1);  // whether each target is there depends on the version
    void api
      .GET("/api/v1/projects/{project_id}/specs/{spec_version_id}/reference", { params: { path: { ...path, spec_version_id: versionId } } })
      .then(({ data }) => {
        setOperations(data?.operations ?? []);
        const ids = (data?.operations ?? []).map((op) => op.operation_id);
        setDraft((d) => (ids.includes(d.operation_id) ? d : { ...d, operation_id: ids[0] ?? "" }));
      });
  }, [projectId, versionId]);
  useEffect(() => {
    if (!versionId || !draft.operation_id) return;
    void api
      .GET("/api/v1/projects/{project_id}/specs/{spec_version_id}/reference/{operation_id}", {
        params: { path: { ...path, spec_version_id: versionId, operation_id: draft.operation_id } },
      })
      .then(({ data }) => setOperation(data ?? null));
  }, [versionId, draft.operation_id]);
  const targets = useMemo(() => targetsOf(operation), [operation]);

  function set<K extends keyof Draft>(key: K, value: Draft[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(null);
    clear(key);
  }

  function edit(annotation: Annotation) {
    setEditing(annotation);
    reset();
    setDraft({
      operation_id: annotation.operation_id,
      pointer: annotation.pointer,
      kind: annotation.kind,
      message: annotation.message,
      link: annotation.link ?? "",
      condition: annotation.condition ?? "",
    });
    document.getElementById("annotation-message")?.focus();
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setBusy(true);
    const body = { ...draft, link: draft.link.trim() || null, condition: draft.condition.trim() || null };
    const { error } = editing
      ? await api.PATCH("/api/v1/projects/{project_id}/annotations/{annotation_id}", {
          params: { path: { ...path, annotation_id: editing.id } },
          body,
        })
      : await api.POST("/api/v1/projects/{project_id}/annotations", { params: { path }, body });
    setBusy(false);
    if (error) return fromProblem(error);
    reset();
    setSaved(editing ? "Saved." : "Added: partners see it in the Playground and the Docs.");
    setEditing(null);
    setDraft({ ...empty, operation_id: draft.operation_id });
    setReload((n) => n + 1);
  }

  return (
    <section class="card stack" aria-labelledby="annotations-title">
      <h2 id="annotations-title">Annotations</h2>
      <p class="muted">
        What partners should know that the spec cannot say. A note with a condition appears in the partner's Playground when
        the request they type meets it.
      </p>
      <PagedList<Annotation>
        what="annotations"
        reload={reload}
        empty={<p>No annotations yet.</p>}
        fetchPage={(cursor) =>
          api.GET("/api/v1/projects/{project_id}/annotations", { params: { path, query: cursor ? { cursor } : {} } })
        }
        render={(items) => (
          <table>
            <caption class="visually-hidden">Annotations</caption>
            <thead>
              <tr>
                <th scope="col">About</th>
                <th scope="col">Kind</th>
                <th scope="col">Message</th>
                <th scope="col">Applies when</th>
                <th scope="col">In the newest version</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td><code>{targetText(a)}</code></td>
                  <td>{annotationKinds[a.kind]}</td>
                  <td class="clamp">{a.message}</td>
                  <td>{a.condition ? <code>{a.condition}</code> : <span class="muted">always</span>}</td>
                  <td>
                    {a.target.status === "missing" ? (
                      <Badge value="failed" label={`missing: ${a.target.problem ?? ""}`} />
                    ) : (
                      <Badge value="passed" label="present" />
                    )}
                  </td>
                  <td>
                    <div class="row">
                    <button type="button" class="secondary" onClick={() => edit(a)}>Edit<span class="visually-hidden"> the note on {targetText(a)}</span></button>
                    <ConfirmButton
                      label="Delete"
                      context={`the note on ${targetText(a)}`}
                      question="Partners stop seeing it."
                      confirm="Delete"
                      action={async () => {
                        await api.DELETE("/api/v1/projects/{project_id}/annotations/{annotation_id}", {
                          params: { path: { ...path, annotation_id: a.id } },
                        });
                        setReload((n) => n + 1);
                      }}
                    />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      />
      {versionId ? (
        <form class="stack" onSubmit={submit} noValidate aria-labelledby="annotation-form-title">
          <h3 id="annotation-form-title">{editing ? `Edit the note on ${targetText(editing)}` : "Add an annotation"}</h3>
          <FormError message={errors.form} />
          <div class="row">
            <div class="field">
              <label for="annotation-operation">Operation</label>
              <select id="annotation-operation" value={draft.operation_id} onChange={(e) => set("operation_id", e.currentTarget.value)}
                      aria-invalid={errors.fields.operation_id ? "true" : undefined}
                      aria-describedby={errors.fields.operation_id ? "annotation-operation-error" : undefined}>
                {operations.map((op) => (
                  <option key={op.operation_id} value={op.operation_id}>{op.method} {op.path} ({op.operation_id})</option>
                ))}
              </select>
              {errors.fields.operation_id && <span id="annotation-operation-error" class="field-error">{errors.fields.operation_id}</span>}
            </div>
            <div class="field">
              <label for="annotation-pointer">About (empty: the whole operation)</label>
              <input id="annotation-pointer" list="annotation-targets" value={draft.pointer} class="code"
                     onInput={(e) => set("pointer", e.currentTarget.value)} placeholder="/body/amount"
                     aria-invalid={errors.fields.pointer ? "true" : undefined}
                     aria-describedby={errors.fields.pointer ? "annotation-pointer-error" : undefined} />
              <datalist id="annotation-targets">
                {targets.map((t) => <option key={t} value={t} />)}
              </datalist>
              {errors.fields.pointer && <span id="annotation-pointer-error" class="field-error">{errors.fields.pointer}</span>}
            </div>
            <div class="field">
              <label for="annotation-kind">Kind</label>
              <select id="annotation-kind" value={draft.kind} onChange={(e) => set("kind", e.currentTarget.value as Kind)}>
                {Object.entries(annotationKinds).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select>
            </div>
          </div>
          <div class="field">
            <label for="annotation-message">Message (Markdown)</label>
            <textarea id="annotation-message" rows={3} value={draft.message} onInput={(e) => set("message", e.currentTarget.value)}
                      aria-invalid={errors.fields.message ? "true" : undefined}
                      aria-describedby={errors.fields.message ? "annotation-message-error" : undefined} />
            {errors.fields.message && <span id="annotation-message-error" class="field-error">{errors.fields.message}</span>}
          </div>
          <div class="field">
            <label for="annotation-link">Link (optional)</label>
            <input id="annotation-link" type="url" value={draft.link} onInput={(e) => set("link", e.currentTarget.value)}
                   aria-invalid={errors.fields.link ? "true" : undefined}
                   aria-describedby={errors.fields.link ? "annotation-link-error" : undefined} />
            {errors.fields.link && <span id="annotation-link-error" class="field-error">{errors.fields.link}</span>}
          </div>
          <div class="field">
            <label for="annotation-condition">Applies when (optional)</label>
            <input id="annotation-condition" class="code" value={draft.condition} spellcheck={false}
                   placeholder={'body.amount > 10000 and headers["x-region"] == "EU"'}
                   onInput={(e) => set("condition", e.currentTarget.value)}
                   aria-invalid={errors.fields.condition ? "true" : undefined}
                   aria-describedby="condition-preview" />
            {errors.fields.condition && <span class="field-error">{errors.fields.condition}</span>}
            <ConditionPreview projectId={projectId} operationId={draft.operation_id} condition={draft.condition} />
          </div>
          <div class="row">
            <button type="submit" disabled={busy}>{busy ? "Saving…" : editing ? "Save changes" : "Add annotation"}</button>
            {editing && (
              <button type="button" class="secondary" onClick={() => { setEditing(null); setDraft({ ...empty, operation_id: draft.operation_id }); reset(); }}>
                Cancel editing
              </button>
            )}
          </div>
          {saved && <p role="status">{saved}</p>}
        </form>
      ) : (
        <p class="muted">Add a spec version first: annotations point into it.</p>
      )}
    </section>
  );
}
