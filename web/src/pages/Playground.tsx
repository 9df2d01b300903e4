// The playground: pick an operation, edit its parameters and body (prefilled from the
// spec), and see the server's own validator judge the request as it is typed, with the
// vendor's notes whose condition the request meets beside the editors.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { AnnotationNote } from "../components/AnnotationNote";
import { SaveCase } from "../components/SaveCase";
import { SavedCaseList } from "../components/SavedCaseList";
import { JsonEditor } from "../components/JsonEditor";
import { Answer } from "../components/SentAnswer";
import { Snippets } from "../components/Snippets";
import { ProjectHeader, projectBase } from "../components/ProjectHeader";
import type { Problem } from "../lib/jsonEditor";
import { schemaReader } from "../lib/schemaWalk";
import { credentialHeader, paramsSchema, prefill, prettyBody, readParams, type Draft, type Params } from "../lib/playgroundRequest";
import { useProjectNames } from "../lib/useProjectNames";

type Reference = components["schemas"]["ApiReference"];
type Operation = components["schemas"]["OperationReference"];
type Check = components["schemas"]["PlaygroundCheck"];
type Sent = components["schemas"]["PlaygroundSent"];
type Mock = components["schemas"]["Mock"];
type BadExample = components["schemas"]["BadExamples"]["items"][number];

const kCheckDelayMs = 300;

export function Playground({ projectId, operationId }: { projectId: string; operationId?: string }) {
  const names = useProjectNames(projectId);
  const { route } = useLocation();
  const [versionId, setVersionId] = useState<string | null>(null);
  const [reference, setReference] = useState<Reference | null>(null);
  const [operation, setOperation] = useState<Operation | null>(null);
  const [draft, setDraft] = useState<Draft>({ params: "{}", body: "" });
  const [revision, setRevision] = useState(0);
  const [check, setCheck] = useState<Check | null>(null);
  const [paramsBroken, setParamsBroken] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const sequence = useRef(0);
  const [mocks, setMocks] = useState<Mock[]>([]);
  const [target, setTarget] = useState("mock");
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [bad, setBad] = useState<BadExample[] | null>(null);  // the operation's, once asked for
  const [badShown, setBadShown] = useState<{ example: BadExample; index: number } | null>(null);
  const [savedCount, setSavedCount] = useState(0);  // refreshes the saved cases' list
  const [sends, setSends] = useState(0);  // a new answer gets a fresh "save as test case" form
  const [sentRequest, setSentRequest] = useState<{ params: Params; body: string } | null>(null);
  const version = versionId ?? names.specs[0]?.id ?? null;
  const path = { project_id: projectId };
  const base = `${projectBase(projectId)}/playground`;

  useEffect(() => {
    void api.GET("/api/v1/projects/{project_id}/mocks", { params: { path } }).then(({ data }) => setMocks(data?.items ?? []));
  }, [projectId]);
  useEffect(() => {
    if (!version) return;
    void api
      .GET("/api/v1/projects/{project_id}/specs/{spec_version_id}/reference", { params: { path: { ...path, spec_version_id: version } } })
      .then(({ data }) => setReference(data ?? null));
  }, [projectId, version]);
  const chosen = operationId ?? reference?.operations[0]?.operation_id;
  useEffect(() => {
    if (!version || !chosen) return;
    setOperation(null);
    setCheck(null);
    void api
      .GET("/api/v1/projects/{project_id}/specs/{spec_version_id}/reference/{operation_id}", {
        params: { path: { ...path, spec_version_id: version, operation_id: chosen } },
      })
      .then(({ data }) => {
        setOperation(data ?? null);
        setSent(null);
        setBad(null);
        setBadShown(null);
        if (data) {
          setDraft(prefill(data));
          setRevision((n) => n + 1);
        }
      });
  }, [projectId, version, chosen]);

  // The server checks the request a moment after the typing stops; an older answer
  // arriving late is dropped.
  useEffect(() => {
    if (!operation || !version) return;
    const params = readParams(draft.params);
    setParamsBroken(params === null);
    if (!params) return;
    const timer = setTimeout(() => {
      const mine = ++sequence.current;
      void api
        .POST("/api/v1/projects/{project_id}/specs/{spec_version_id}/operations/{operation_id}/check", {
          params: { path: { ...path, spec_version_id: version, operation_id: operation.operation_id } },
          body: { ...params, body: draft.body },
        })
        .then(({ data, error }) => {
          if (mine !== sequence.current) return;
          setCheck(data ?? null);
          setCheckError(error ? ((error as { detail?: string }).detail ?? "The request could not be checked.") : null);
        });
    }, kCheckDelayMs);
    return () => clearTimeout(timer);
  }, [draft, operation, version]);

  // Fills the body with the next of the negative generator's bodies, saying what it breaks.
  async function tryBad() {
    if (!operation || !version) return;
    let examples = bad;
    if (!examples) {
      const { data } = await api.GET("/api/v1/projects/{project_id}/specs/{spec_version_id}/operations/{operation_id}/bad-examples", {
        params: { path: { ...path, spec_version_id: version, operation_id: operation.operation_id } },
      });
      examples = data?.items ?? [];
      setBad(examples);
    }
    if (examples.length === 0) return;
    const index = badShown ? (badShown.index + 1) % examples.length : 0;
    const example = examples[index]!;
    setBadShown({ example, index });
    setDraft((d) => ({ ...d, body: prettyBody(example.body) }));
    setRevision((n) => n + 1);
  }

  async function send() {
    const params = readParams(draft.params);
    if (!operation || !version || !params) return;
    setSending(true);
    setSendError(null);
    const { data, error } = await api.POST("/api/v1/projects/{project_id}/specs/{spec_version_id}/operations/{operation_id}/send", {
      params: { path: { ...path, spec_version_id: version, operation_id: operation.operation_id } },
      body: { ...params, body: draft.body, environment_id: target },
    });
    setSending(false);
    setSent(data ?? null);
    setSentRequest({ params, body: draft.body });
    setSends((n) => n + 1);
    setSendError(error ? ((error as { detail?: string }).detail ?? "The request could not be sent.") : null);
  }

  // The request as code: to the chosen environment's URL, or the hosted mock's.
  const codeRequest = useMemo(() => {
    const params = readParams(draft.params);
    if (!operation || !check || !params) return null;
    const mock = mocks.find((m) => m.spec_version_id === version);
    const environment = names.environments.find((e) => e.id === target);
    const base = target === "mock" ? (mock ? window.location.origin + mock.path : "$BASE_URL") : (environment?.base_url ?? "$BASE_URL");
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(params.headers)) headers.push([name, Array.isArray(value) ? value.join(", ") : value]);
    if (draft.body.trim() && check.content_type) headers.push(["Content-Type", check.content_type]);
    const credential = credentialHeader(operation, reference);
    if (credential) headers.push(credential);
    return { method: check.method, url: base.replace(/\/$/, "") + check.path, request_headers: headers, request_body: draft.body.trim() ? draft.body : "" };
  }, [check, draft, target, mocks, operation]);

  const components = (operation?.schemas ?? {}) as Record<string, unknown>;
  const bodySchema = operation?.request_body?.content.find((m) => m.media_type.includes("json"))?.schema;
  const bodyReader = useMemo(() => schemaReader(bodySchema, components), [operation]);
  const paramsReader = useMemo(() => schemaReader(operation ? paramsSchema(operation) : {}, components), [operation]);
  const problems = check?.problems ?? [];
  const bodyProblems: Problem[] = useMemo(
    () => problems.filter((p) => p.pointer.startsWith("/body")).map((p) => ({ pointer: p.pointer.slice(5), message: p.message })),
    [check],
  );
  const paramProblems: Problem[] = useMemo(
    () =>
      problems
        .filter((p) => /^\/(path|query|headers)\//.test(p.pointer))
        .map((p) => ({ pointer: p.pointer, message: p.message })),
    [check],
  );

  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="playground" />
      {names.specs.length === 0 ? (
        <p class="muted">No spec has been published yet.</p>
      ) : (
        <section class="card stack" aria-labelledby="playground-title">
          <h2 id="playground-title" class="visually-hidden">Request</h2>
          <div class="row">
            <div class="field inline">
              <label for="playground-operation">Operation</label>
              <select
                id="playground-operation"
                value={chosen ?? ""}
                onChange={(e) => route(`${base}/${encodeURIComponent(e.currentTarget.value)}`)}
              >
                {(reference?.operations ?? []).map((op) => (
                  <option key={op.operation_id} value={op.operation_id}>
                    {op.method} {op.path} ({op.operation_id})
                  </option>
                ))}
              </select>
            </div>
            {names.specs.length > 1 && (
              <div class="field inline">
                <label for="playground-version">Version</label>
                <select id="playground-version" value={version ?? ""} onChange={(e) => setVersionId(e.currentTarget.value)}>
                  {names.specs.map((spec) => (
                    <option key={spec.id} value={spec.id}>{spec.label}</option>
                  ))}
                </select>
              </div>
            )}
          </div>
          {operation && (
            <p>
              <code class="request-line">{check ? `${check.method} ${check.path}` : `${operation.method} ${operation.path}`}</code>{" "}
              <span class="muted">{operation.summary}</span>
            </p>
          )}
        </section>
      )}
      {operation && (
        <div class="playground">
          <div class="stack">
            <section class="card stack" aria-labelledby="params-title">
              <h3 id="params-title">Parameters</h3>
              <p class="muted">Path, query and header values by name. Ctrl+Space lists what the operation takes.</p>
              <JsonEditor
                id="playground-params"
                label="Parameters (JSON)"
                text={draft.params}
                revision={revision}
                onChange={(params) => setDraft((d) => ({ ...d, params }))}
                schema={paramsReader}
                problems={paramProblems}
                caseInsensitiveUnder="headers"
              />
            </section>
            {operation.request_body && (
              <section class="card stack" aria-labelledby="body-title">
                <h3 id="body-title">Body</h3>
                <div class="row">
                  <button type="button" class="secondary" onClick={() => void tryBad()}>
                    {badShown ? "Another bad request" : "Try a bad request"}
                  </button>
                  {bad && bad.length === 0 && <span class="muted">The schema has no constraint to break alone.</span>}
                </div>
                {badShown && (
                  <p class="note-inline" role="status">
                    <strong>Bad on purpose</strong> ({badShown.index + 1} of {bad?.length}): {badShown.example.description}{" "}
                    <span class="muted">({badShown.example.keyword} at <code>/body{badShown.example.pointer}</code>)</span>
                  </p>
                )}
                <JsonEditor
                  id="playground-body"
                  label="Request body (JSON)"
                  text={draft.body}
                  revision={revision}
                  onChange={(body) => {
                    setBadShown(null);
                    setDraft((d) => ({ ...d, body }));
                  }}
                  schema={bodyReader}
                  problems={bodyProblems}
                  />
              </section>
            )}
            <section class="card stack" aria-labelledby="verdict-title">
              <h3 id="verdict-title">Checked against the contract</h3>
              <div id="playground-verdict" role="status" aria-live="polite">
                {paramsBroken ? (
                  <p>The parameters are not valid JSON yet.</p>
                ) : checkError ? (
                  <p role="alert">{checkError}</p>
                ) : !check ? (
                  <p class="muted" aria-busy="true">Checking…</p>
                ) : check.valid ? (
                  <p><strong>Valid:</strong> the request meets the contract.</p>
                ) : (
                  <>
                    <p><strong>{problems.length} {problems.length === 1 ? "problem" : "problems"}</strong> before this can be sent:</p>
                    <ul class="problems">
                      {problems.map((p, i) => (
                        <li key={i}><code>{p.pointer}</code> {p.message}</li>
                      ))}
                    </ul>
                  </>
                )}
                {check && check.warnings.length > 0 && (
                  <ul class="muted">
                    {check.warnings.map((w) => <li key={w}>{w}</li>)}
                  </ul>
                )}
              </div>
            </section>
            <section class="card stack" aria-labelledby="send-title">
              <h3 id="send-title">Send it</h3>
              <div class="row">
                <div class="field inline">
                  <label for="playground-target">To</label>
                  <select id="playground-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
                    <option value="mock">The hosted mock</option>
                    {names.environments.map((env) => (
                      <option key={env.id} value={env.id}>{env.name}</option>
                    ))}
                  </select>
                </div>
                <button type="button" onClick={() => void send()} disabled={sending || paramsBroken}>
                  {sending ? "Sending…" : "Send request"}
                </button>
              </div>
              <p class="muted">Sent by the server with your stored credentials for that environment (the mock's own for the mock).</p>
              <div role="status" aria-live="polite" aria-label="Answer">
                {sendError ? <p role="alert">{sendError}</p> : sent ? <Answer sent={sent} /> : null}
              </div>
              {sent && sentRequest && version && (
                <SaveCase
                  key={sends}
                  projectId={projectId}
                  versionId={version}
                  operationId={operation.operation_id}
                  params={sentRequest.params}
                  body={sentRequest.body}
                  sent={sent}
                  onSaved={() => setSavedCount((n) => n + 1)}
                />
              )}
            </section>
            <SavedCaseList projectId={projectId} operationId={operation.operation_id} refresh={savedCount} />
            {codeRequest && (
              <section class="card stack" aria-labelledby="code-title">
                <h3 id="code-title">As code</h3>
                <Snippets request={codeRequest} />
              </section>
            )}
            {version && (
              <section class="card stack" aria-labelledby="postman-title">
                <h3 id="postman-title">The whole API in Postman</h3>
                <p class="muted">
                  Every operation's example with a test of its status, and your saved cases with their checks. Import both files in
                  Postman, or run them with <code>newman run COLLECTION -e ENVIRONMENT</code>; fill in your credentials first.
                </p>
                <div class="row">
                  <a class="button secondary" href={`/api/v1/projects/${projectId}/specs/${version}/postman/collection`} download>
                    Download the collection
                  </a>
                  <a
                    class="button secondary"
                    href={`/api/v1/projects/${projectId}/specs/${version}/postman/environment?environment_id=${encodeURIComponent(target)}`}
                    download
                  >
                    Download the environment for {target === "mock" ? "the hosted mock" : (names.environments.find((e) => e.id === target)?.name ?? "it")}
                  </a>
                </div>
              </section>
            )}
          </div>
          <aside class="stack" aria-labelledby="notes-title">
            <h3 id="notes-title">The vendor's notes</h3>
            {!check || (check.matched_annotations.length === 0 && check.other_annotations.length === 0) ? (
              <p class="muted">No notes on this operation.</p>
            ) : (
              <>
                <div class="stack" role="region" aria-label="Notes that apply to this request" aria-live="polite">
                  {check.matched_annotations.length > 0 ? (
                    check.matched_annotations.map((a) => <AnnotationNote key={a.id} annotation={a} matched />)
                  ) : (
                    <p class="muted">None of the notes' conditions applies to this request.</p>
                  )}
                </div>
                {check.other_annotations.length > 0 && (
                  <details>
                    <summary>Other notes on this operation ({check.other_annotations.length})</summary>
                    <div class="stack">
                      {check.other_annotations.map((a) => <AnnotationNote key={a.id} annotation={a} />)}
                    </div>
                  </details>
                )}
              </>
            )}
          </aside>
        </div>
      )}
    </div>
  );
}
