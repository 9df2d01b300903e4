// Where a diagnostic points in a document: the line before, the line itself with its
// number, and a caret under the column, as a compiler shows it.
export function excerpt(text: string, line: number, column: number): string | null {
  const lines = text.split("\n");
  if (line < 1 || line > lines.length + 1) return null;
  const first = Math.max(1, line - 1);
  const last = Math.min(lines.length, line);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; ++n) out.push(`${String(n).padStart(width)} | ${lines[n - 1] ?? ""}`);
  if (line > lines.length) out.push(`${String(line).padStart(width)} | `);
  out.push(`${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}^`);
  return out.join("\n");
}

// Selects line `line` of a textarea and scrolls to it: "show me in the document".
export function selectLine(area: HTMLTextAreaElement, line: number) {
  const lines = area.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  const end = start + (lines[line - 1]?.length ?? 0);
  area.focus();
  area.setSelectionRange(start, end);
  const height = area.scrollHeight / Math.max(1, lines.length);
  area.scrollTop = Math.max(0, (line - 3) * height);
}
