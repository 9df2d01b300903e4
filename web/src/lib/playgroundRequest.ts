// The playground's request as its editors hold it: the parameters as one JSON object
// ({"path", "query", "headers"}, values by name) and the body as text; made from an
// operation's reference, read back for the check, described as a schema for completion.
import type { components } from "../api/schema";

type Reference = components["schemas"]["ApiReference"];
type Operation = components["schemas"]["OperationReference"];
type NamedValues = components["schemas"]["NamedValues"];

const kLocations = { path: "path", query: "query", header: "headers" } as const;
export interface Draft {
  params: string;  // {"path": {...}, "query": {...}, "headers": {...}}
  body: string;
}

// The request the spec's example (or the generated one) makes, as the editors hold it.
export function prefill(op: Operation): Draft {
  const request = op.example_request;
  const params: Record<string, Record<string, string>> = {};
  for (const p of op.parameters) {
    const where = kLocations[p.in as keyof typeof kLocations];
    if (where) params[where] ??= {};
  }
  const pathValues = params.path;
  if (request?.path && pathValues) {
    const template = op.path.split("/");
    const actual = request.path.split("/").slice(-template.length);
    template.forEach((segment, i) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (name && actual[i] !== undefined) pathValues[name] = decodeURIComponent(actual[i]);
    });
  }
  if (request?.query) new URLSearchParams(request.query).forEach((value, name) => ((params.query ??= {})[name] = value));
  for (const header of request?.headers ?? []) {
    if (!["content-type", "content-length"].includes(header.name.toLowerCase())) (params.headers ??= {})[header.name] = header.value;
  }
  const json = op.request_body?.content.find((m) => m.media_type.includes("json"));
  let body = "";
  if (json?.example) body = JSON.stringify(json.example.value, null, 2);
  else if (request?.body) {
    try {
      body = JSON.stringify(JSON.parse(request.body), null, 2);
    } catch {
      body = request.body;
    }
  }
  return { params: Object.keys(params).length ? JSON.stringify(params, null, 2) : "{}", body };
}

export interface Params {
  path: NamedValues;
  query: NamedValues;
  headers: NamedValues;
}

// The editors' parameters as the check takes them: every value as text.
export function readParams(text: string): Params | null {
  let parsed: unknown;
  try {
    parsed = text.trim() ? JSON.parse(text) : {};
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  const asText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  const section = (name: string): NamedValues => {
    const values = (parsed as Record<string, unknown>)[name];
    const out: NamedValues = {};
    if (values && typeof values === "object" && !Array.isArray(values))
      for (const [key, value] of Object.entries(values)) out[key] = Array.isArray(value) ? value.map(asText) : asText(value);
    return out;
  };
  return { path: section("path"), query: section("query"), headers: section("headers") };
}

export function paramsSchema(op: Operation): unknown {
  const properties: Record<string, { type: string; properties: Record<string, unknown>; required: string[] }> = {};
  for (const p of op.parameters) {
    const where = kLocations[p.in as keyof typeof kLocations];
    if (!where) continue;
    properties[where] ??= { type: "object", properties: {}, required: [] };
    properties[where].properties[p.name] = { ...(p.schema as object), description: p.description };
    if (p.required) properties[where].required.push(p.name);
  }
  return { type: "object", properties };
}

// The credential header the operation's first security requirement asks for, as a
// placeholder snippets fill from $TOKEN; null when it needs none.
export function credentialHeader(op: Operation, reference: Reference | null): [string, string] | null {
  const first = op.security[0]?.[0];
  if (!first) return null;
  const scheme = reference?.security_schemes.find((s) => s.name === first.scheme);
  if (scheme?.type === "apiKey" && scheme.in === "header") return [scheme.parameter_name, "$TOKEN"];
  if (scheme?.type === "http" && scheme.scheme === "basic") return ["Authorization", "Basic $TOKEN"];
  return ["Authorization", "Bearer $TOKEN"];
}

export function prettyBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
