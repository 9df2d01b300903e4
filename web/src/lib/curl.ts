// A curl command that sends what a golden case sent. Credentials were redacted in the
// evidence ("****"): they come back as $TOKEN, for the reader to set.
export interface SentRequest {
  method: string;
  url: string;
  request_headers?: [string, string][];
  request_body?: string;
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(request: SentRequest): string {
  // One option per line, the request line first.
  const parts = [`curl -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of request.request_headers ?? []) {
    if (name.toLowerCase() === "content-length") continue;
    const shown = value.includes("****") ? (name.toLowerCase() === "authorization" ? "Bearer $TOKEN" : "$TOKEN") : value;
    // $TOKEN must expand: that header is double-quoted.
    parts.push(`-H ${shown.includes("$TOKEN") ? `"${name}: ${shown}"` : shellQuote(`${name}: ${shown}`)}`);
  }
  if (request.request_body) parts.push(`--data-raw ${shellQuote(request.request_body)}`);
  return parts.join(" \\\n  ");
}
