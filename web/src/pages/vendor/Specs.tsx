// A project's spec versions: the list, and a form to add one by pasting or choosing a
// file. The engine's problems are shown at their line and column: those that make the
// document unusable (nothing stored), and the warnings of a stored version. Each version's
// impact on the partners (?impact=ID opens one), and a document's before it is added.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Field } from "../../components/Field";
import { useFormErrors } from "../../components/useFormErrors";
import { FormError } from "../../components/FormError";
import { PagedList } from "../../components/PagedList";
import { ProjectHeader } from "../../components/ProjectHeader";
import { ProfileEditor } from "../../components/ProfileEditor";
import { excerpt, selectLine } from "../../components/DocumentExcerpt";
import { SpecImpact } from "../../components/SpecImpact";
import { SpecAnnotations } from "./SpecAnnotations";

type SpecVersion = components["schemas"]["SpecVersion"];
type Impact = components["schemas"]["SpecImpact"];
interface Placed {
  line?: number;
  column?: number;
  detail?: string;
  message?: string;
  severity?: string;
}

// Problems shown in the document they were found in: the lines around each (the first
// 20), and, while the form still holds that document, a button that selects the line.
const kExcerpts = 20;

function ProblemList({ title, problems, text, editable }: { title: string; problems: Placed[]; text: string; editable: boolean }) {
  function show(line: number) {
    const area = document.getElementById("field-document") as HTMLTextAreaElement | null;
    if (area) selectLine(area, line);
  }
  return (
    <div class="stack" role="region" aria-label={title}>
      <h3>{title}</h3>
      <ul class="problems stack">
        {problems.map((p, i) => {
          const shown = p.line && i < kExcerpts ? excerpt(text, p.line, p.column ?? 1) : null;
          return (
            <li key={i}>
              {p.line ? <code>line {p.line}, column {p.column}</code> : <code>document</code>}{" "}
              {p.severity && <span class="muted">{p.severity}:</span>}{" "}
              {(p.message ?? p.detail ?? "").replace(/^line \d+, column \d+: /, "")}
              {shown && <pre class="code" aria-label={`line ${p.line} of the document`}>{shown}</pre>}
              {shown && editable && (
                <button type="button" class="link" onClick={() => show(p.line!)}>
                  Show line {p.line} in the document
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function Specs({ projectId }: { projectId: string }) {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [unusable, setUnusable] = useState<Placed[]>([]);
  const [submitted, setSubmitted] = useState("");  // the document the problems are of
  const [warnings, setWarnings] = useState<Placed[] | null>(null);
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState(false);
  const [profileOf, setProfileOf] = useState<SpecVersion | null>(null);
  const [newest, setNewest] = useState<string | null>(null);  // annotations point into it
  const [oldest, setOldest] = useState<string | null>(null);  // has no impact: nothing before it
  const { query } = useLocation();
  const [impactOf, setImpactOf] = useState<string | null>(query.impact ?? null);
  const [impact, setImpact] = useState<{ title: string; report: Impact } | null>(null);
  const [preview, setPreview] = useState<Impact | null>(null);
  const path = { project_id: projectId };

  useEffect(() => {
    if (!impactOf) return;
    void api
      .GET("/api/v1/projects/{project_id}/specs/{spec_version_id}/impact", { params: { path: { project_id: projectId, spec_version_id: impactOf } } })
      .then(({ data }) => {
        if (!data) return setImpact(null);
        setImpact({ title: `Impact of ${data.to?.label ?? "this version"} (from ${data.from.label})`, report: data });
        document.getElementById("impact-title")?.focus();
      });
  }, [impactOf]);

  async function checkImpact(event: Event) {
    const form = (event.currentTarget as HTMLButtonElement).form!;
    const text = (form.elements.namedItem("document") as HTMLTextAreaElement).value;
    const { data, error } = await api.POST("/api/v1/projects/{project_id}/specs/impact", { params: { path }, body: { document: text } });
    if (error) return fromProblem(error);
    reset();
    setPreview(data);
  }

  async function readFile(event: Event) {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    const text = await file.text();
    const form = (event.currentTarget as HTMLInputElement).form!;
    (form.elements.namedItem("document") as HTMLTextAreaElement).value = text;
    const label = form.elements.namedItem("label") as HTMLInputElement;
    if (!label.value) label.value = file.name;
  }

  async function add(event: SubmitEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    setBusy(true);
    setSubmitted(String(form.get("document")));
    const { data, error } = await api.POST("/api/v1/projects/{project_id}/specs", {
      params: { path },
      body: { label: String(form.get("label")), document: String(form.get("document")) },
    });
    setBusy(false);
    if (error) {
      const placed = ((error as { errors?: Placed[] }).errors ?? []).filter((e) => e.line !== undefined);
      setUnusable(placed);
      setWarnings(null);
      return fromProblem(error);
    }
    reset();
    setUnusable([]);
    setWarnings(data.diagnostics);
    setPreview(null);
    formElement.reset();
    setReload((n) => n + 1);
    setImpactOf(data.id);
  }


  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="specs" />
      <section class="card">
        <h2>Versions</h2>
        <PagedList<SpecVersion>
          what="spec versions"
          reload={reload}
          empty={<p>No spec yet: add the API's OpenAPI document below.</p>}
          fetchPage={async (cursor) => {
            const page = await api.GET("/api/v1/projects/{project_id}/specs", {
              params: { path, query: cursor ? { cursor } : {} },
            });
            if (!cursor) setNewest(page.data?.items[0]?.id ?? null);
            if (page.data && !page.data.next_cursor) setOldest(page.data.items[page.data.items.length - 1]?.id ?? null);
            return page;
          }}
          render={(items) => (
            <table>
              <caption class="visually-hidden">Spec versions</caption>
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Title</th>
                  <th scope="col">Format</th>
                  <th scope="col">Operations</th>
                  <th scope="col">Added</th>
                  <th scope="col">Test profile</th>
                  <th scope="col">Impact on partners</th>
                </tr>
              </thead>
              <tbody>
                {items.map((v) => (
                  <tr key={v.id}>
                    <td>{v.label}</td>
                    <td>{v.title}</td>
                    <td>{v.openapi_version}</td>
                    <td>{v.operation_count}</td>
                    <td>{new Date(v.created_at).toLocaleString()}</td>
                    <td>
                      <button type="button" class="link" onClick={() => setProfileOf(v)}
                              aria-expanded={profileOf?.id === v.id}>
                        Profile of {v.label}
                      </button>
                    </td>
                    <td>
                      {v.id !== oldest && (
                        <button type="button" class="link" onClick={() => setImpactOf(v.id)} aria-expanded={impactOf === v.id}>
                          Impact of {v.label}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
      </section>
      {impact && <SpecImpact projectId={projectId} impact={impact.report} title={impact.title} headingId="impact-title" />}
      {profileOf && (
        <section class="card">
          <ProfileEditor projectId={projectId} specVersionId={profileOf.id} label={profileOf.label} />
        </section>
      )}
      <SpecAnnotations projectId={projectId} versionId={newest} />
      <section class="card">
        <form class="stack" onSubmit={add} noValidate aria-labelledby="add-spec">
          <h2 id="add-spec">Add a version</h2>
          <FormError message={errors.form} />
          <Field name="label" label="Label" error={errors.fields.label} onInput={clear} required />
          <div class="field">
            <label for="spec-file">Choose a file (YAML or JSON)</label>
            <input id="spec-file" type="file" accept=".yaml,.yml,.json" onChange={readFile} />
          </div>
          <Field name="document" label="Or paste the document" error={errors.fields.document}
                 onInput={clear} multiline code />
          {/* The first problem is also the field's own message. */}
          {unusable.length > 0 && (
            <ProblemList title="Why it cannot be used" problems={unusable} text={submitted} editable />
          )}
          {preview && <SpecImpact projectId={projectId} impact={preview} title={`If added, from ${preview.from.label}`} headingId="preview-title" />}
          <p class="inline-actions">
            <button type="button" class="secondary" onClick={(e) => void checkImpact(e)}>
              Check the impact first
            </button>
            <button type="submit" disabled={busy}>
              {busy ? "Checking…" : "Add version"}
            </button>
          </p>
          {warnings && (
            <div role="status">
              <p>
                Stored.{" "}
                {warnings.length === 0
                  ? "The spec engine found nothing to warn about."
                  : `${warnings.length} ${warnings.length === 1 ? "thing" : "things"} to look at:`}
              </p>
              {warnings.length > 0 && <ProblemList title="Warnings" problems={warnings} text={submitted} editable={false} />}
            </div>
          )}
        </form>
      </section>
    </div>
  );
}
