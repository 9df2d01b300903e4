// problem+json (RFC 9457) becomes what a form shows: a message for the form, and one per
// field named by the problem's `errors` pointers.
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

export interface FormErrors {
  form: string | null;
  fields: Record<string, string>;
}

export const noErrors: FormErrors = { form: null, fields: {} };

// "/email" names the field "email"; "/items/0/name" names "items.0.name".
function fieldOf(pointer: string): string {
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

export function formErrors(problem: unknown, fallback = "Something went wrong; try again."): FormErrors {
  const p = (problem ?? {}) as Problem;
  const fields: Record<string, string> = {};
  for (const error of p.errors ?? []) {
    const name = fieldOf(error.pointer);
    if (!(name in fields)) fields[name] = error.detail;
  }
  const named = Object.keys(fields).length > 0;
  return { form: named ? null : (p.detail ?? p.title ?? fallback), fields };
}
