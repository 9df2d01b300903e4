// A labelled input that shows its own error from the API (aria-invalid, described by the
// message) and clears it as soon as the user types.
import type { JSX } from "preact";

interface Props {
  name: string;
  label: string;
  error?: string | undefined;
  onInput?: (name: string) => void;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  multiline?: boolean;
  code?: boolean;  // a document: monospace, taller
  value?: string;  // the starting value; the field stays the user's to edit
  id?: string;  // when the page has two fields of one name (default: field-<name>)
}

export function Field({ name, label, error, onInput, type = "text", autoComplete, required, multiline, code, value, id: given }: Props) {
  const id = given ?? `field-${name}`;
  const errorId = `${id}-error`;
  const common = {
    id,
    name,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": error ? errorId : undefined,
    required,
    defaultValue: value,
    onInput: () => onInput?.(name),
  };
  let input: JSX.Element;
  if (multiline || code) input = <textarea rows={code ? 14 : 3} class={code ? "code" : undefined} spellcheck={!code} {...common} />;
  else input = <input type={type} autoComplete={autoComplete} {...common} />;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {input}
      {error && (
        <span id={errorId} class="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
