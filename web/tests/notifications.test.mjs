// Notification channels and spec drift in Debian's chromium against the real `icopilot
// serve --demo`: the vendor's owner adds a webhook channel on the project's Settings,
// copies the signing secret shown once, sends a test, and sees it delivered; the receiver
// (started here) checks the signature with the documented recipe and that secret. Then the
// owner checks what a breaking version would do to the partners before adding it, and
// reads its impact once added.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { startServer } from "./server.mjs";
import { launch, axeViolations, screenshots } from "./browser.mjs";
import { signedIn } from "./demo_pages.mjs";

let server;
let browser;

before(async () => {
  // The receiver runs on this machine, which serve refuses as a target by default.
  server = await startServer(["--allow-private-targets"]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function verified(header, body, secret) {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.split("=", 2)));
  const expected = createHmac("sha256", secret).update(`${parts.t}.`).update(body).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

test("the vendor adds a webhook channel, tests it and sees it delivered and signed", async () => {
  const received = [];
  const receiver = createServer((request, response) => {
    const chunks = [];
    request.on("data", (c) => chunks.push(c));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { context, page, problems } = await signedIn(browser, server, server.owner);
  try {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Settings" }).click();
    const channels = page.getByRole("region", { name: "Notifications" });
    await channels.getByText("No channel yet.").waitFor();
    const form = channels.getByRole("form", { name: "Add a channel" });
    await form.getByLabel("Name").fill("Ops hook");
    await form.getByLabel("Receiver URL").fill(`http://127.0.0.1:${receiver.address().port}/copilot`);
    await form.getByLabel(/A partner was certified/).check();
    await form.getByRole("button", { name: "Add the channel" }).click();
    const shown = channels.getByRole("status", { name: "Ops hook's signing secret" });
    const secret = (await shown.locator("code").innerText()).trim();
    assert.match(secret, /^whsec_/);
    await shown.getByRole("button", { name: "I have copied them" }).click();
    const row = channels.getByRole("row", { name: /Ops hook/ });
    assert.match(await row.innerText(), /run\.failed, partner\.certified/);

    await row.getByRole("button", { name: "Test Ops hook" }).click();
    const sent = page.getByRole("region", { name: "What was sent" });
    await sent.getByRole("row", { name: /channel\.test/ }).getByText("delivered").waitFor({ timeout: 20000 });
    // The demo's runs may fail meanwhile (run.failed is on): every delivery is signed.
    for (const one of received)
      assert.ok(verified(one.headers["x-copilot-signature"], one.body, secret), "signed with the secret shown once");
    const tests = received.filter((one) => one.headers["x-copilot-event-type"] === "channel.test");
    assert.equal(tests.length, 1);
    const [delivery] = tests;
    const event = JSON.parse(delivery.body.toString("utf8"));
    assert.equal(event.type, "channel.test");
    assert.equal(delivery.headers["x-copilot-event-id"], event.id);
    assert.match(event.link, /^http:\/\/127\.0\.0\.1:\d+\/projects\/prj_\w+\/settings$/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-notifications");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    receiver.close();
  }
});

test("the vendor sees which partners a breaking version affects, before and after adding it", async () => {
  const { context, page, problems } = await signedIn(browser, server, server.owner);
  try {
    const demo = readFileSync(new URL("../../examples/payments-api.yaml", import.meta.url), "utf8");
    const required = "required: [amount, currency, card_token]";
    assert.ok(demo.includes(required));
    const breaking = demo.replace(required, "required: [amount, currency, card_token, statement_descriptor]");
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Specs" }).click();
    const form = page.getByRole("form", { name: "Add a version" });
    await form.getByLabel("Label").fill("2026-12-05");
    await form.getByLabel("Or paste the document").fill(breaking);
    await form.getByRole("button", { name: "Check the impact first" }).click();
    const preview = page.getByRole("region", { name: /^If added, from / });
    const said = await preview.getByRole("status").innerText();
    assert.match(said, /^1 breaking change; 2 partners affected: /);
    assert.match(said, /Globex Checkout/);
    assert.match(said, /Umbrella/);
    assert.match(await preview.getByRole("row", { name: /statement_descriptor/ }).innerText(), /POST \/payments/);
    assert.deepEqual(await axeViolations(page), []);

    await form.getByRole("button", { name: "Add version" }).click();
    const impact = page.getByRole("region", { name: /^Impact of 2026-12-05 \(from / });
    await impact.waitFor();
    assert.match(await impact.getByRole("status").innerText(), /2 partners affected/);
    // The evidence links to the partner's calls.
    const calls = impact.getByRole("link", { name: "their calls" }).first();
    assert.match(await calls.getAttribute("href"), /\/projects\/prj_\w+\/traces\?trace=trc_\w+$/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-spec-impact");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
