// Reading JSON Schemas as the API reference hands them out (component schemas by name,
// `$ref`s to #/components/schemas/...) for the editor's completion: which members an
// object has, which values a field allows. Through `$ref`, `allOf`, `oneOf` and `anyOf`.
export type JsonSchema = { [key: string]: unknown };

export interface Member {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

// What the editor asks of a schema, at a path of keys and indexes from its root.
export interface SchemaReader {
  members(path: string[]): Member[];
  values(path: string[]): unknown[];
}

// A reader of `root`, whose `$ref`s name `components` (the operation's reference's).
export function schemaReader(root: unknown, components: Record<string, unknown>): SchemaReader {
  const walk = new Walk(components);
  return {
    members: (path) => walk.propertiesOf(walk.at(root, path)),
    values: (path) => walk.enumOf(walk.at(root, path)),
  };
}

class Walk {
  constructor(private readonly components: Record<string, unknown>) {}

  resolve(schema: unknown, depth = 0): JsonSchema | undefined {
    if (!schema || typeof schema !== "object" || depth > 32) return undefined;
    const s = schema as JsonSchema;
    const ref = s.$ref;
    if (typeof ref === "string") {
      const name = decodeURIComponent(ref.replace(/^#\/(components\/schemas|definitions)\//, "")).replace(/~1/g, "/").replace(/~0/g, "~");
      return this.resolve(this.components[name], depth + 1);
    }
    return s;
  }

  // The schema and every part that also describes the value: allOf always; oneOf and anyOf
  // branches, since completion offers what any branch takes.
  parts(schema: unknown, depth = 0): JsonSchema[] {
    const s = this.resolve(schema);
    if (!s || depth > 16) return [];
    const out = [s];
    for (const key of ["allOf", "oneOf", "anyOf"]) {
      const list = s[key];
      if (Array.isArray(list)) for (const part of list) out.push(...this.parts(part, depth + 1));
    }
    return out;
  }

  typeName(schema: unknown): string {
    const s = this.resolve(schema);
    if (!s) return "any";
    const type = s.type;
    if (Array.isArray(type)) return type.join(" | ");
    if (typeof type === "string") return type === "array" ? `array of ${this.typeName(s.items)}` : type;
    if (s.properties) return "object";
    if (Array.isArray(s.enum)) return "enum";
    return "any";
  }

  at(root: unknown, path: string[]): JsonSchema | undefined {
    let current: unknown = root;
    for (const token of path) {
      let next: unknown = undefined;
      for (const part of this.parts(current)) {
        const properties = part.properties as Record<string, unknown> | undefined;
        if (properties && token in properties) next = properties[token];
        else if (/^\d+$/.test(token) && part.items) next = part.items;
        else if (!next && part.additionalProperties && typeof part.additionalProperties === "object")
          next = part.additionalProperties;
        if (next) break;
      }
      if (!next) return undefined;
      current = next;
    }
    return this.resolve(current);
  }

  propertiesOf(schema: unknown): Member[] {
    const members = new Map<string, Member>();
    for (const part of this.parts(schema)) {
      const properties = part.properties as Record<string, unknown> | undefined;
      const required = new Set(Array.isArray(part.required) ? (part.required as string[]) : []);
      for (const [name, property] of Object.entries(properties ?? {})) {
        const resolved = this.resolve(property);
        if (resolved?.readOnly === true) continue;  // the server sets those
        const known = members.get(name);
        members.set(name, {
          name,
          type: this.typeName(property),
          required: (known?.required ?? false) || required.has(name),
          description: typeof resolved?.description === "string" ? resolved.description : "",
        });
      }
    }
    return [...members.values()].sort((a, b) => Number(b.required) - Number(a.required));
  }

  enumOf(schema: unknown): unknown[] {
    const values: unknown[] = [];
    for (const part of this.parts(schema)) {
      if (Array.isArray(part.enum)) values.push(...part.enum);
      if ("const" in part) values.push(part.const);
      if (part.type === "boolean") values.push(true, false);
    }
    return [...new Set(values.map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v) as unknown);
  }
}
