// A webhook receiver in another language than the server, checking signatures with the
// recipe in docs/notifications.md and nothing of ours: HMAC-SHA256 of "<t>.<raw body>"
// with the channel's secret, compared in constant time, the timestamp within 5 minutes.
// Prints "listening on URL", then one line per event it accepted: "accepted <event id>".
// A request whose signature does not verify gets 401 and a "refused" line.
import { createServer } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";

const secret = process.env.WEBHOOK_SECRET ?? "";

function verified(header, body) {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.split("=", 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.`).update(body).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks);
    if (!verified(request.headers["x-copilot-signature"], body)) {
      console.log("refused");
      response.writeHead(401).end();
      return;
    }
    const event = JSON.parse(body.toString("utf8"));
    console.log(`accepted ${event.id} ${event.type} ${request.headers["x-copilot-event-id"]}`);
    response.writeHead(204).end();
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
