// A JSON Schema as a reader wants it: a type in a few words, an object's properties as a
// table (name, type, required, description), a component named by a `$ref` as a link to
// it further down the page. The schema itself is one click away.
import type { JSX } from "preact";
import { Markdown } from "./Markdown";

type Json = unknown;
type Schema = Record<string, Json>;

const componentPrefix = "#/components/schemas/";

function asSchema(value: Json): Schema | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Schema) : null;
}

export function componentAnchor(name: string): string {
  return `schema-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

// "string (date-time)", "array of Refund", "integer 1…100", "one of A, B".
export function TypeSummary({ schema }: { schema: Json }): JSX.Element {
  const s = asSchema(schema);
  if (!s) return <span>any</span>;
  const ref = typeof s.$ref === "string" ? s.$ref : null;
  if (ref?.startsWith(componentPrefix)) {
    const name = ref.slice(componentPrefix.length);
    return <a href={`#${componentAnchor(name)}`}>{name}</a>;
  }
  for (const key of ["oneOf", "anyOf", "allOf"] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) {
      const word = key === "allOf" ? "all of" : key === "oneOf" ? "one of" : "any of";
      return (
        <span>
          {word}{" "}
          {branches.map((branch, i) => (
            <span key={i}>{i > 0 && ", "}<TypeSummary schema={branch} /></span>
          ))}
        </span>
      );
    }
  }
  const type = Array.isArray(s.type) ? s.type.join(" or ") : typeof s.type === "string" ? s.type : "";
  if (type === "array") return <span>array of <TypeSummary schema={s.items} /></span>;
  const notes: string[] = [];
  if (typeof s.format === "string") notes.push(s.format);
  if (Array.isArray(s.enum)) notes.push(`one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  if (typeof s.minimum === "number" || typeof s.maximum === "number")
    notes.push(`${s.minimum ?? ""}…${s.maximum ?? ""}`);
  if (typeof s.minLength === "number" || typeof s.maxLength === "number")
    notes.push(`${s.minLength ?? 0}…${s.maxLength ?? ""} characters`);
  if (typeof s.pattern === "string") notes.push(`matches ${s.pattern}`);
  const word = type || (s.properties ? "object" : "any");
  return <span>{word}{notes.length > 0 && <span class="muted"> ({notes.join("; ")})</span>}</span>;
}

export function SchemaView({ schema, caption }: { schema: Json; caption: string }) {
  const s = asSchema(schema);
  const properties = s && asSchema(s.properties);
  if (!s || !properties) return <p><TypeSummary schema={schema} /></p>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  return (
    <table>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(properties).map(([name, property]) => {
          const p = asSchema(property);
          return (
            <tr key={name}>
              <td>
                <code>{name}</code>
                {required.has(name) ? <span class="muted"> required</span> : null}
                {p?.readOnly === true ? <span class="muted"> read-only</span> : null}
              </td>
              <td><TypeSummary schema={property} /></td>
              <td>{typeof p?.description === "string" ? <Markdown text={p.description} /> : null}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
