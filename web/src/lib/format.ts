// How times, counts and shares read on every page.
export function when(timestamp: string | null | undefined): string {
  return timestamp ? new Date(timestamp).toLocaleString() : "—";
}

export function day(timestamp: string | null | undefined): string {
  return timestamp ? new Date(timestamp).toLocaleDateString() : "—";
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)} %` : "—";
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
