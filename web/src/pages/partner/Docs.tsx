// The API as the partner builds against it: the operations of a spec version by tag, each
// with its description, parameters, bodies and responses with examples, the schemas they
// use, and a curl command for the hosted mock with its URL and credentials.
import { useEffect, useMemo, useState } from "preact/hooks";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Badge } from "../../components/Badge";
import { Markdown } from "../../components/Markdown";
import { ProjectHeader } from "../../components/ProjectHeader";
import { SchemaView, TypeSummary, componentAnchor } from "../../components/SchemaView";
import { shellQuote } from "../../lib/curl";
import { useProjectNames } from "../../lib/useProjectNames";

type Reference = components["schemas"]["ApiReference"];
type Summary = components["schemas"]["ReferenceSummary"];
type Operation = components["schemas"]["OperationReference"];
type Example = components["schemas"]["ReferenceExample"];
type Mock = components["schemas"]["Mock"];

function pretty(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

function ExampleBlock({ example, label }: { example: Example; label: string }) {
  if (!example) return null;
  return (
    <figure class="stack">
      <figcaption class="muted">
        {label}
        {example.source === "generated" ? " (made from the schema: the document has none)" : example.name ? `: ${example.name}` : ""}
      </figcaption>
      <pre class="code" tabIndex={0}>{pretty(example.value)}</pre>
    </figure>
  );
}

// Operations under their first tag, in the document's order; untagged ones last.
function byTag(operations: Summary[]): [string, Summary[]][] {
  const groups = new Map<string, Summary[]>();
  for (const op of operations) {
    const tag = op.tags[0] ?? "Other operations";
    groups.set(tag, [...(groups.get(tag) ?? []), op]);
  }
  return [...groups.entries()];
}

function mockCurl(op: Operation, mock: Mock | null, needsToken: boolean): string | null {
  const request = op.example_request;
  if (!request || request.error || !request.method) return null;
  const base = mock ? window.location.origin + mock.path : "$BASE_URL";
  const url = base + (request.path ?? "") + (request.query ? `?${request.query}` : "");
  const parts = [`curl -X ${request.method} ${shellQuote(url)}`];
  if (needsToken) parts.push(`-H "Authorization: Bearer $TOKEN"`);
  for (const header of request.headers ?? []) {
    if (header.name === "content-length") continue;
    parts.push(`-H ${shellQuote(`${header.name}: ${header.value}`)}`);
  }
  // The document's own example body reads better than a made one, when it is JSON.
  const documented = op.request_body?.content.find((m) => m.media_type.includes("json") && m.example?.source === "document");
  const body = documented?.example ? JSON.stringify(documented.example.value) : request.body;
  if (body) parts.push(`--data-raw ${shellQuote(body)}`);
  return parts.join(" \\\n  ");
}

function OperationDetail({ op, mock, reference }: { op: Operation; mock: Mock | null; reference: Reference }) {
  const oauth = reference.security_schemes.some((s) => s.type === "oauth2" || s.type === "openIdConnect" || s.scheme === "bearer");
  const curl = mockCurl(op, mock, oauth && op.security.length > 0);
  const schemas = Object.entries(op.schemas);
  return (
    <article class="stack" aria-labelledby="operation-title">
      <h2 id="operation-title">
        <code>{op.method} {op.path}</code> {op.deprecated && <Badge value="warning" label="deprecated" />}
      </h2>
      <p><strong>{op.summary}</strong> <span class="muted">{op.kind === "webhook" ? "Webhook" : "Operation"} {op.operation_id}</span></p>
      {op.kind === "webhook" && <p>The API sends this request to your server: answer it as the responses below say.</p>}
      <Markdown text={op.description} />
      <section class="stack" aria-labelledby="security-title">
        <h3 id="security-title">Authorization</h3>
        {op.security.length === 0 ? (
          <p>None: anyone may call it.</p>
        ) : (
          <ul>
            {op.security.map((alternative, i) => (
              <li key={i}>
                {alternative.map((s) => (
                  <span key={s.scheme}>
                    <code>{s.scheme}</code>
                    {s.scopes.length > 0 && <> with scopes {s.scopes.map((scope) => <code key={scope}>{scope} </code>)}</>}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        )}
      </section>
      {op.parameters.length > 0 && (
        <section class="stack" aria-labelledby="parameters-title">
          <h3 id="parameters-title">Parameters</h3>
          <table>
            <caption class="visually-hidden">Parameters of {op.operation_id}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">In</th>
                <th scope="col">Type</th>
                <th scope="col">Description</th>
                <th scope="col">Example</th>
              </tr>
            </thead>
            <tbody>
              {op.parameters.map((p) => (
                <tr key={`${p.in}:${p.name}`}>
                  <td><code>{p.name}</code>{p.required && <span class="muted"> required</span>}</td>
                  <td>{p.in}</td>
                  <td><TypeSummary schema={p.schema} /></td>
                  <td><Markdown text={p.description} /></td>
                  <td>{p.example ? <code>{pretty(p.example.value)}</code> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {op.request_body && (
        <section class="stack" aria-labelledby="body-title">
          <h3 id="body-title">Request body {op.request_body.required ? "(required)" : "(optional)"}</h3>
          <Markdown text={op.request_body.description} />
          {op.request_body.content.map((media) => (
            <div class="stack" key={media.media_type}>
              <p><code>{media.media_type}</code>: <TypeSummary schema={media.schema} /></p>
              <ExampleBlock example={media.example} label="Example" />
            </div>
          ))}
        </section>
      )}
      <section class="stack" aria-labelledby="responses-title">
        <h3 id="responses-title">Responses</h3>
        {op.responses.map((r) => (
          <details key={r.status} open={r.status.startsWith("2")}>
            <summary>
              <Badge value={r.status.startsWith("2") ? "passed" : "failed"} label={r.status} /> {r.description}
            </summary>
            <div class="stack">
              {r.headers.length > 0 && (
                <p>Headers: {r.headers.map((h) => <code key={h.name}>{h.name} </code>)}</p>
              )}
              {r.content.map((media) => (
                <div class="stack" key={media.media_type}>
                  <p><code>{media.media_type}</code>: <TypeSummary schema={media.schema} /></p>
                  <ExampleBlock example={media.example} label="Example" />
                </div>
              ))}
            </div>
          </details>
        ))}
      </section>
      {curl && (
        <section class="stack" aria-labelledby="try-title">
          <h3 id="try-title">Try it on the mock</h3>
          <pre class="code" tabIndex={0}>{curl}</pre>
          <button type="button" class="secondary" onClick={() => void navigator.clipboard.writeText(curl)}>
            Copy curl command
          </button>
        </section>
      )}
      {schemas.length > 0 && (
        <section class="stack" aria-labelledby="schemas-title">
          <h3 id="schemas-title">Schemas</h3>
          {op.schemas_truncated && <p class="muted">Only the first schemas this operation uses are shown.</p>}
          {schemas.map(([name, schema]) => (
            <div class="stack" key={name} id={componentAnchor(name)}>
              <h4>{name}</h4>
              <Markdown text={String((schema as { description?: unknown })?.description ?? "")} />
              <SchemaView schema={schema} caption={`Fields of ${name}`} />
            </div>
          ))}
        </section>
      )}
    </article>
  );
}

function MockAccess({ mock, reference }: { mock: Mock | null; reference: Reference }) {
  if (!mock) return <p class="muted">The vendor has no hosted mock of this version yet.</p>;
  const base = window.location.origin + mock.path;
  const token = `curl -X POST ${shellQuote(window.location.origin + mock.credentials.token_path)} \\\n  -d grant_type=client_credentials -u ${shellQuote(`${mock.credentials.client_id}:${mock.credentials.client_secret}`)}`;
  const oauth = reference.security_schemes.some((s) => s.type === "oauth2");
  return (
    <div class="stack">
      <dl class="facts">
        <dt>Mock URL</dt>
        <dd><code>{base}</code></dd>
        <dt>Client id</dt>
        <dd><code>{mock.credentials.client_id}</code></dd>
        <dt>Client secret</dt>
        <dd><code>{mock.credentials.client_secret}</code></dd>
        <dt>API key</dt>
        <dd><code>{mock.credentials.api_key}</code></dd>
      </dl>
      {oauth && (
        <>
          <p>Get a token (then <code>export TOKEN=…</code> with its <code>access_token</code>):</p>
          <pre class="code" tabIndex={0}>{token}</pre>
        </>
      )}
    </div>
  );
}

export function PartnerDocs({ projectId, operationId }: { projectId: string; operationId?: string }) {
  const names = useProjectNames(projectId);
  const [versionId, setVersionId] = useState<string | null>(null);
  const [reference, setReference] = useState<Reference | null>(null);
  const [operation, setOperation] = useState<Operation | null>(null);
  const [missing, setMissing] = useState<string | null>(null);  // the chosen operation is not in this version
  const [mocks, setMocks] = useState<Mock[]>([]);
  const [filter, setFilter] = useState("");
  const version = versionId ?? names.specs[0]?.id ?? null;
  const path = { project_id: projectId };

  useEffect(() => {
    void api.GET("/api/v1/projects/{project_id}/mocks", { params: { path } }).then(({ data }) => setMocks(data?.items ?? []));
  }, [projectId]);
  useEffect(() => {
    if (!version) return;
    setReference(null);
    void api
      .GET("/api/v1/projects/{project_id}/specs/{spec_version_id}/reference", {
        params: { path: { ...path, spec_version_id: version } },
      })
      .then(({ data }) => setReference(data ?? null));
  }, [projectId, version]);
  const chosen = operationId ?? reference?.operations[0]?.operation_id;
  useEffect(() => {
    if (!version || !chosen) return;
    void api
      .GET("/api/v1/projects/{project_id}/specs/{spec_version_id}/reference/{operation_id}", {
        params: { path: { ...path, spec_version_id: version, operation_id: chosen } },
      })
      .then(({ data, error }) => {
        setOperation(data ?? null);
        setMissing(data ? null : ((error as { detail?: string } | undefined)?.detail ?? "This operation could not be read."));
      });
  }, [projectId, version, chosen]);

  const mock = mocks.find((m) => m.spec_version_id === version) ?? null;
  const needle = filter.trim().toLowerCase();
  const shown = useMemo(
    () =>
      (reference?.operations ?? []).filter((op) =>
        !needle || `${op.method} ${op.path} ${op.summary} ${op.operation_id}`.toLowerCase().includes(needle),
      ),
    [reference, needle],
  );
  const base = `/partner/projects/${projectId}/docs`;

  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="docs" />
      {names.specs.length === 0 ? (
        <p class="muted">The vendor has not published a spec yet.</p>
      ) : (
        <section class="card stack" aria-labelledby="api-title">
          <div class="row">
            <h2 id="api-title">{reference ? `${reference.title} ${reference.api_version}` : "…"}</h2>
            {names.specs.length > 1 && (
              <div class="field inline">
                <label for="docs-version">Version</label>
                <select id="docs-version" value={version ?? ""} onChange={(e) => setVersionId(e.currentTarget.value)}>
                  {names.specs.map((spec) => (
                    <option key={spec.id} value={spec.id}>{spec.label}</option>
                  ))}
                </select>
              </div>
            )}
          </div>
          {reference && <Markdown text={reference.description} />}
          {reference && <MockAccess mock={mock} reference={reference} />}
        </section>
      )}
      {reference && (
        <div class="docs">
          <nav class="card stack docs-index" aria-label="Operations">
            <div class="field">
              <label for="docs-filter">Find an operation</label>
              <input id="docs-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
            </div>
            {byTag(shown).map(([tag, ops]) => (
              <div key={tag}>
                <h3>{tag}</h3>
                <ul>
                  {ops.map((op) => (
                    <li key={op.operation_id}>
                      <a href={`${base}/${encodeURIComponent(op.operation_id)}`} aria-current={op.operation_id === chosen ? "page" : undefined}>
                        <code>{op.method}</code> {op.path}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            {reference.webhooks.length > 0 && (
              <div>
                <h3>Webhooks you receive</h3>
                <ul>
                  {reference.webhooks.map((op) => (
                    <li key={op.operation_id}>
                      <a href={`${base}/${encodeURIComponent(op.operation_id)}`} aria-current={op.operation_id === chosen ? "page" : undefined}>
                        {op.path}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </nav>
          <div class="card">
            {operation ? (
              <OperationDetail op={operation} mock={mock} reference={reference} />
            ) : missing ? (
              <p role="alert">{missing}: choose one from the list.</p>
            ) : (
              <p aria-busy="true">Loading…</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
