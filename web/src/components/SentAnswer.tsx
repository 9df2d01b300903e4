import type { components } from "../api/schema";
import { prettyBody } from "../lib/playgroundRequest";

type Sent = components["schemas"]["PlaygroundSent"];
type SentExchange = components["schemas"]["SentExchange"];

// The answer to a sent request: its status, the contract's verdict on it, its headers and
// body; token fetches before it are listed, folded.
export function Answer({ sent }: { sent: Sent }) {
  const call: SentExchange | undefined = sent.exchanges[sent.exchanges.length - 1];
  if (!call) return null;
  const status = call.status ?? 0;
  return (
    <div class="stack">
      {call.error ? (
        <p role="alert"><strong>No answer:</strong> {call.error}</p>
      ) : (
        <p>
          <span class={`badge badge-${status < 300 ? "good" : status < 500 ? "warn" : "bad"}`}>{status}</span>{" "}
          in {Math.round(call.duration_ms)} ms from <code>{call.url}</code>
        </p>
      )}
      {!call.error &&
        (sent.violations.length === 0 ? (
          <p><strong>The answer meets the contract.</strong></p>
        ) : (
          <>
            <p><strong>{sent.violations.length} contract {sent.violations.length === 1 ? "violation" : "violations"}:</strong></p>
            <ul class="problems">
              {sent.violations.map((v, i) => (
                <li key={i}>{v.side === "response" ? "The API's answer" : "Your request"}: <code>{v.location}</code> {v.message}</li>
              ))}
            </ul>
          </>
        ))}
      <p class="muted">{sent.traced ? "Kept as one of your traces." : "Sent to the hosted mock: it is in the mock's journal, not your traces."}</p>
      {!call.error && (
        <>
          <details>
            <summary>Response headers ({call.response_headers?.length ?? 0})</summary>
            <pre class="code" tabIndex={0}>{(call.response_headers ?? []).map(([n, v]) => `${n}: ${v}`).join("\n")}</pre>
          </details>
          <pre class="code" tabIndex={0} aria-label="Response body">{prettyBody(call.response_body ?? "") || "(no body)"}</pre>
        </>
      )}
      <details>
        <summary>What was sent</summary>
        <pre class="code" tabIndex={0}>
          {sent.exchanges
            .map((e) => `${e.method} ${e.url}\n${e.request_headers.map(([n, v]) => `${n}: ${v}`).join("\n")}${e.request_body ? `\n\n${e.request_body}` : ""}`)
            .join("\n\n")}
        </pre>
      </details>
    </div>
  );
}
