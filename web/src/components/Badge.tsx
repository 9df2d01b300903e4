// A verdict or status as a word with a colour; the word carries the meaning, so colour
// is never the only signal.
const tone: Record<string, string> = {
  passed: "good",
  finished: "good",
  failed: "bad",
  error: "bad",
  errors: "bad",
  warning: "warn",
  not_set_up: "warn",
  running: "info",
  queued: "info",
};

export function Badge({ value, label }: { value: string; label?: string }) {
  return <span class={`badge badge-${tone[value] ?? "plain"}`}>{label ?? value.replace(/_/g, " ")}</span>;
}
