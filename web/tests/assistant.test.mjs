// The assistant in Debian's chromium against the real `icopilot serve --demo`: Globex's
// developer opens a failed case of its Sandbox run, asks why, reads the cited answer and
// follows a citation back to the evidence; asks a question of its own on the Assistant
// page; the vendor reads what Globex asked and how much the assistant is used.
import { test, before, after } from "node:test";
import { createServer } from "node:http";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launch, axeViolations, screenshots } from "./browser.mjs";
import { signedIn } from "./demo_pages.mjs";

let server;
let browser;

before(async () => {
  // The model of the last test runs on this machine, which serve refuses by default.
  server = await startServer(["--allow-private-targets"]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Globex's Sandbox run, once the demo's background runs have finished it.
// `tab`: "Tests" in the partner's portal, "Runs" in the vendor's.
async function sandboxRun(page, tab = "Tests") {
  const deadline = Date.now() + 120000;
  for (;;) {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: tab }).click();
    const row = page.getByRole("row", { name: /Sandbox.*finished/ });
    if ((await row.count()) > 0) return row.first();
    assert.ok(Date.now() < deadline, "Globex's Sandbox run never finished");
    await page.waitForTimeout(1000);
    await page.reload();
  }
}

test("a partner asks why a case failed and follows the citation to the evidence", async (t) => {
  const { context, page, problems } = await signedIn(browser, server, server.partner);
  await t.test("Ask about this on a failed case", async () => {
    const run = await sandboxRun(page);
    await run.getByRole("link").first().click();
    const cases = page.getByRole("region", { name: "Cases" });
    await cases.waitFor();
    await cases.getByRole("row").nth(1).getByRole("button").first().click();
    await page.getByRole("region", { name: /^Evidence:/ }).waitFor();
    await page.getByRole("button", { name: "Ask about this" }).click();
    const panel = page.getByRole("region", { name: /^Ask about / });
    assert.equal(await panel.getByLabel("Your question").inputValue(), "Why did this fail?");
    await panel.getByRole("button", { name: "Ask" }).click();
    const answer = panel.getByRole("article", { name: /^Answer to: Why did this fail\?/ });
    await answer.waitFor();
    assert.match(await answer.innerText(), /failed in Sandbox/);
    const evidence = answer.getByRole("region", { name: "Evidence cited" });
    const first = evidence.getByRole("link").first();
    assert.match(await first.getAttribute("href"), /\/partner\/projects\/prj_\w+\/runs\/run_\w+\?case=\d+$/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-assistant-case");
    await answer.getByRole("button", { name: "Yes" }).click();
    await answer.getByRole("status").getByText("rated helpful").waitFor();
    // The citation opens the run with that case's evidence shown.
    const caseId = (await page.getByRole("region", { name: /^Evidence:/ }).getByRole("heading").first().innerText()).trim();
    await first.click();
    await page.getByRole("region", { name: /^Evidence:/ }).waitFor();
    assert.equal(
      (await page.getByRole("region", { name: /^Evidence:/ }).getByRole("heading").first().innerText()).trim(),
      caseId,
    );
  });
  await t.test("a question of its own on the Assistant page", async () => {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Assistant" }).click();
    const panel = page.getByRole("region", { name: "Ask the assistant" });
    await panel.getByLabel("Your question").fill("Why does my refund call fail?");
    await panel.getByRole("button", { name: "Ask" }).click();
    const answer = panel.getByRole("article", { name: /^Answer to: Why does my refund call fail\?/ });
    await answer.waitFor();
    const kinds = await answer.getByRole("region", { name: "Evidence cited" }).getByRole("listitem").allInnerTexts();
    assert.ok(kinds.some((k) => /annotation/.test(k)), `the vendor's note on the refund defect is cited: ${kinds}`);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-assistant");
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the vendor reads what its partners asked", async () => {
  const { context, page, problems } = await signedIn(browser, server, server.owner);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Questions" }).click();
  const asked = page.getByRole("region", { name: "Questions your partners asked" });
  const question = asked.getByRole("button", { name: "Why does my refund call fail?" });
  await question.waitFor();
  // Partners' names arrive with their own request: the list shows ids until they do.
  await asked.getByText(/Globex Checkout/).first().waitFor();
  assert.match(await asked.innerText(), /rated helpful/);
  // Today's questions on the chart's numbers and per partner: Globex asked two, rated one.
  const usage = page.getByRole("region", { name: "The assistant's use over 30 days" });
  const globex = usage.getByRole("row", { name: /Globex Checkout/ });
  await globex.waitFor();
  assert.deepEqual((await globex.getByRole("cell").allInnerTexts()).map(Number), [2, 2, 0, 1, 0]);
  await question.click();
  await asked.getByRole("article").first().waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await screenshots(page, "vendor-assistant-questions");
  // The same figures on the Metrics tab, and as CSV.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Metrics" }).click();
  const metricsUsage = page.getByRole("region", { name: "The assistant's use over 30 days" });
  await metricsUsage.getByRole("row", { name: /Globex Checkout/ }).waitFor();
  const csvHref = await metricsUsage.getByRole("link", { name: "Download as CSV" }).getAttribute("href");
  const csv = await (await context.request.get(server.url + csvHref)).text();
  const lines = csv.trim().split("\r\n");
  assert.equal(lines[0], "partner_id,partner_name,day,questions,answered_from_evidence,answered_by_model,helpful,not_helpful");
  assert.match(lines.find((l) => l.includes("Globex Checkout")) ?? "", /,Globex Checkout,\d{4}-\d{2}-\d{2},2,2,0,1,0$/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the vendor asks about a partner's failed case as the partner would be answered", async () => {
  const { context, page, problems } = await signedIn(browser, server, server.owner);
  const run = await sandboxRun(page, "Runs");
  await run.getByRole("link").first().click();
  const cases = page.getByRole("region", { name: "Cases" });
  await cases.waitFor();
  await cases.getByRole("row").nth(1).getByRole("button").first().click();
  await page.getByRole("region", { name: /^Evidence:/ }).waitFor();
  await page.getByRole("button", { name: "Ask about this" }).click();
  const panel = page.getByRole("region", { name: /^Ask about / });
  await panel.getByRole("button", { name: "Ask" }).click();
  const answer = panel.getByRole("article", { name: /^Answer to: Why did this fail\?/ });
  await answer.waitFor();
  assert.match(await answer.innerText(), /failed in Sandbox/);
  // The vendor's links stay in the vendor's portal.
  const first = answer.getByRole("region", { name: "Evidence cited" }).getByRole("link").first();
  assert.match(await first.getAttribute("href"), /^\/projects\/prj_\w+\/runs\/run_\w+\?case=\d+$/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("with a model connected, the answer shows while the model writes it", async () => {
  // A local model speaking the chat-completions protocol: it writes its first words, then
  // waits until the test has seen them in the page before it finishes.
  let release;
  const released = new Promise((resolve) => (release = resolve));
  const event = (text) => `data: ${JSON.stringify({ choices: [{ delta: { content: text } }] })}\n\n`;
  const model = createServer(async (request, response) => {
    for await (const _ of request);
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(event("Your refund is refused because "));
    await released;
    response.write(event("the amount is above what the payment captured."));
    response.end("data: [DONE]\n\n");
  });
  await new Promise((resolve) => model.listen(0, "127.0.0.1", resolve));
  const owner = await signedIn(browser, server, server.owner);
  const who = await (await owner.context.request.get(server.url + "/api/v1/session")).json();
  const modelApi = server.url + "/api/v1/org/assistant-model";
  const headers = { "X-CSRF-Token": who.csrf_token };
  const connected = await owner.context.request.put(modelApi, {
    headers,
    data: { base_url: `http://127.0.0.1:${model.address().port}/v1`, model: "local", timeout_ms: 60000 },
  });
  assert.equal(connected.status(), 200, await connected.text());
  try {
    const { context, page, problems } = await signedIn(browser, server, server.partner);
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Assistant" }).click();
    const panel = page.getByRole("region", { name: "Ask the assistant" });
    await panel.getByLabel("Your question").fill("Why is my refund refused?");
    await panel.getByRole("button", { name: "Ask" }).click();
    const writing = panel.getByRole("article", { name: "The answer, being written" });
    await writing.getByText("Your refund is refused because").waitFor();
    assert.equal(await panel.getByRole("article", { name: /^Answer to:/ }).count(), 0, "the answer is not complete yet");
    release();
    const answer = panel.getByRole("article", { name: /^Answer to: Why is my refund refused\?/ });
    await answer.waitFor();
    assert.match(await answer.innerText(), /above what the payment captured/);
    assert.equal(await writing.count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    release();
    await owner.context.request.delete(modelApi, { headers });
    await owner.context.close();
    model.close();
  }
});
