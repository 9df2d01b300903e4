// A POST whose answer comes as server-sent events (the assistant's answer as the model
// writes it). EventSource only does GET, so this reads the fetch body as it arrives. A
// refusal before the stream starts is a problem+json, as from any other call.
import { csrfToken, signedOut } from "../state/session";
import type { Problem } from "./errors";

export interface StreamHandlers {
  // Each event's name and its parsed data, in order.
  onEvent: (name: string, data: unknown) => void;
}

// Resolves when the stream ends; rejects with the problem when the server refused the call.
export async function postForEvents(path: string, body: unknown, handlers: StreamHandlers): Promise<void> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "text/event-stream" };
  if (csrfToken.value) headers["X-CSRF-Token"] = csrfToken.value;
  const response = await fetch(new URL(path, window.location.origin), {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  if (response.status === 401) signedOut();
  if (!response.ok || !response.body) {
    let problem: Problem = { status: response.status, detail: `The server answered ${response.status}.` };
    try {
      problem = (await response.json()) as Problem;
    } catch {
      // not JSON: the status says enough
    }
    throw problem;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += value;
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      let name = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) handlers.onEvent(name, JSON.parse(data.join("\n")));
    }
  }
}
