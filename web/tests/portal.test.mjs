// The portals as people use them: Debian's chromium against the real `icopilot serve`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launch, axeViolations, screenshots, watchedPage } from "./browser.mjs";
import { readFileSync } from "node:fs";

let server;
let browser;
let invitedPartner; // { email, password }: from the vendor's invitation, shown once

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage() {
  const { context, page, problems } = await watchedPage(browser, {
    bypassCSP: false,
    permissions: ["clipboard-read", "clipboard-write"],
  });
  // A CSP refusal names its source in the problem list, not only "inline style".
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP refused ${e.violatedDirective} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} (${e.sample})`),
    ),
  );
  page.on("dialog", (dialog) => {
    problems.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { context, page, problems };
}

test("a vendor signs in with the keyboard, sees the projects and creates one safely", async (t) => {
  const { context, page, problems } = await newPage();
  await t.test("the sign-in page", async () => {
    await page.goto(server.url + "/");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    // `serve --demo` says its sign-ins on the page (a real deployment's says none).
    await page.getByRole("region", { name: "Demo sign-ins" }).getByText(server.owner.email).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "sign-in");
  });
  await t.test("a wrong password is refused in the form", async () => {
    await page.getByLabel("Email").fill(server.owner.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText(/password/i).waitFor();
  });
  await t.test("keyboard only: tab to the fields, type, Enter", async () => {
    await page.getByLabel("Email").fill("");
    await page.getByLabel("Password").fill("");
    await page.getByLabel("Email").focus();
    await page.keyboard.type(server.owner.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(server.owner.password);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Projects" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/projects");
  });
  await t.test("the projects page", async () => {
    await page.getByRole("cell", { name: "Payments API" }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-projects");
  });
  await t.test("a field the API refuses is marked with the API's message", async () => {
    await page.getByRole("button", { name: "Create project" }).click();
    const name = page.getByLabel("Name");
    await page.locator("#field-name-error").waitFor();
    assert.equal(await name.getAttribute("aria-invalid"), "true");
    assert.match(await page.locator("#field-name-error").innerText(), /empty|characters|required/);
    await name.fill("x");
    assert.equal(await name.getAttribute("aria-invalid"), null, "typing clears the error");
  });
  await t.test("a project named with markup shows the markup and runs nothing", async () => {
    const hostile = "<img src=x onerror=alert(1)>";
    await page.getByLabel("Name").fill(hostile);
    await page.getByLabel("Description").fill('<a href="javascript:alert(2)">click</a>');
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("cell", { name: hostile }).waitFor();
    assert.equal(await page.locator("img").count(), 0);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
  });
  await t.test("the overview shows where the demo's partner stands and its traffic", async () => {
    await page.getByRole("link", { name: "Payments API" }).click();
    await page.getByRole("heading", { name: "Payments API: Overview" }).waitFor();
    const globex = page.getByRole("row").filter({ hasText: "Globex Checkout" });
    await globex.getByText("did not pass").waitFor();
    await page.locator(".uplot canvas").first().waitFor();
    await page.getByRole("region", { name: "Recent failures" }).getByText("'processing'").first().waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-overview");
    // The chart takes the theme's colours, also after a switch.
    const callsColour = () =>
      page.evaluate(() => [
        getComputedStyle(document.querySelector(".uplot .u-series:nth-child(2) .u-marker")).borderColor,
        getComputedStyle(document.documentElement).getPropertyValue("--accent").trim(),
      ]);
    const [lightMarker] = await callsColour();
    await page.getByRole("button", { name: /theme$/ }).click();
    await page.waitForFunction((before) =>
      getComputedStyle(document.querySelector(".uplot .u-series:nth-child(2) .u-marker")).borderColor !== before, lightMarker);
    const [darkMarker, darkAccent] = await callsColour();
    const hex = (rgb) => "#" + rgb.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, "0")).join("");
    assert.equal(hex(darkMarker), darkAccent.toLowerCase());
    await page.getByRole("button", { name: /theme$/ }).click();
  });
  await t.test("a spec with a mistake is refused at its line; a good one is stored", async () => {
    await page.getByRole("link", { name: "Specs", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Specs" }).waitFor();
    await page.getByLabel("Label").fill("v1 draft");
    await page.getByLabel("Or paste the document").fill("openapi: 3.0.3\ninfo: {title: Payments, version: '1'}\npaths:\n  /payments: [\n");
    await page.getByRole("button", { name: "Add version" }).click();
    await page.locator("#field-document-error").getByText(/^line 5, column \d+: /).waitFor();
    assert.equal(await page.getByLabel("Or paste the document").getAttribute("aria-invalid"), "true");
    // The problem is shown in the document: its lines, a caret, and a way to the line.
    const why = page.getByRole("region", { name: "Why it cannot be used" });
    assert.match(await why.locator("pre").first().innerText(), /^4 \|   \/payments: \[\n5 \| \n {2}\| \^$/);
    await why.getByRole("button", { name: "Show line 5 in the document" }).click();
    const selected = await page.getByLabel("Or paste the document").evaluate((area) => [
      document.activeElement === area,
      area.value.slice(0, area.selectionStart).split("\n").length,
    ]);
    assert.deepEqual(selected, [true, 5], "the textarea has focus at line 5");
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-spec-refused");
    await page.getByLabel("Label").fill("v1");
    await page.getByLabel("Or paste the document").fill(
      "openapi: 3.0.3\ninfo: {title: Payments, version: '1', description: '<script>alert(3)</script>'}\n" +
        "paths:\n  /payments/{id}:\n    get: {summary: '<img src=x onerror=alert(4)>', responses: {'200': {description: ok}}}\n",
    );
    await page.getByRole("button", { name: "Add version" }).click();
    await page.getByRole("region", { name: "Warnings" }).getByText(/line 5, column 5/).waitFor();
    assert.match(await page.getByRole("region", { name: "Warnings" }).locator("pre").first().innerText(), /\n5 \|     get: /);
    await page.getByRole("cell", { name: "v1", exact: true }).waitFor();
    assert.equal(await page.locator("img").count(), 0);
    await screenshots(page, "vendor-specs");
  });
  await t.test("the profile editor: each category with its reason, the vendor's choice kept", async () => {
    await page.getByRole("button", { name: "Profile of 2026-11-15" }).click();
    await page.getByRole("heading", { name: "Test profile of 2026-11-15" }).waitFor();
    await page.getByRole("row").filter({ hasText: "6 of 6 operations need OAuth scopes" }).waitFor();
    const choice = page.getByLabel("Requirement for performance");
    await choice.selectOption((await choice.inputValue()) === "required" ? "optional" : "required");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByRole("status").getByText("Saved").waitFor();
    const performance = page.getByRole("row").filter({ hasText: "performance" });
    await performance.getByText("(yours)").waitFor();
    assert.equal(await page.getByText("(yours)").count(), 1, "only the category changed is the vendor's");
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-spec-profile");
  });
  await t.test("mocks: the demo's are listed, a bad behaviour is refused at its field", async () => {
    await page.getByRole("link", { name: "Mocks", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Mocks" }).waitFor();
    await page.getByRole("heading", { name: "Payments mock" }).waitFor();
    await page.getByLabel("Name").fill("Slow mock");
    await page.getByLabel(/^Latency/).fill("fast");
    await page.getByRole("button", { name: "Create mock" }).click();
    await page.locator("#field-latency-error").getByText(/not a duration/).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-mocks");
  });
  await t.test("mocks: one moves to the older spec version and back, keeping its URL", async () => {
    const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Payments mock" }) });
    const url = await row.locator("code").first().textContent();
    for (const label of ["2026-09-01", "2026-11-15"]) {
      await row.getByLabel("Serve version").selectOption({ label });
      await row.getByRole("button", { name: "Serve it on Payments mock" }).click();
      await row.getByRole("status").getByText(`Payments mock now serves ${label}; its URL and credentials are the same.`).waitFor();
      assert.equal(await row.locator("code").first().textContent(), url);
      // Reloaded: the version served is the one chosen, so there is nothing left to serve.
      await row.locator("button:disabled", { hasText: "Serve it" }).waitFor();
    }
  });
  await t.test("environments: the sandbox's credentials are never shown", async () => {
    await page.getByRole("link", { name: "Environments", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Environments" }).waitFor();
    await page.getByRole("heading", { name: "Sandbox" }).waitFor();
    await page.getByText("oauth2").first().waitFor();
    await page.getByRole("button", { name: "Add environment" }).click();
    await page.locator("#field-name-error").waitFor();
    await page.getByRole("button", { name: "Rotate trace signing secret" }).click();
    await page.getByRole("status").getByText("shown this once").waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-environments");
  });
  await t.test("runs: queued against the mock, watched to the end", async () => {
    await page.getByRole("link", { name: "Runs", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Runs" }).waitFor();
    const rows = page.getByRole("row");
    const before = await rows.count();
    // The newest version ("v1", just added) has no hosted mock: the API says so at the field.
    await page.getByLabel("Spec version").selectOption({ label: "v1 (Payments)" });
    await page.getByRole("button", { name: "Run the suite" }).click();
    await page.getByText(/no hosted mock of this spec version/).waitFor();
    await page.getByLabel("Spec version").selectOption({ label: "2026-11-15 (Acme Payments API)" });
    await page.getByRole("button", { name: "Run the suite" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => document.querySelectorAll("tr").length > n, before);
    await rows.nth(1).getByText(/passed/).waitFor({ timeout: 30000 });
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-runs");
  });
  await t.test("two runs side by side: the sandbox's failures are fixed on the mock", async () => {
    await page.getByRole("row").filter({ hasText: "Sandbox" }).filter({ hasText: "did not pass" }).first().getByRole("checkbox").check();
    await page.getByRole("row").nth(1).getByRole("checkbox").check();
    await page.getByRole("link", { name: "Compare the two runs" }).click();
    await page.getByRole("heading", { name: "Case by case" }).waitFor();
    await page.getByRole("heading", { name: /^Before: / }).waitFor();
    const fixed = page.getByRole("row").filter({ hasText: "POST /payments/{payment_id}/refunds" }).filter({ hasText: "response-conformance.body-schema" });
    await fixed.getByText("fixed", { exact: true }).waitFor();
    await page.getByText(/^2 fixed, 0 broke/).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-run-compare");
    await page.getByRole("link", { name: "All runs" }).click();
    await page.getByRole("heading", { name: "Payments API: Runs" }).waitFor();
  });
  await t.test("a failed case's evidence and its curl command", async () => {
    await page.getByRole("row").filter({ hasText: "did not pass" }).first().getByRole("link").click();
    await page.getByRole("heading", { name: "Cases" }).waitFor();
    const failed = page.getByRole("row").filter({ hasText: "POST /payments/{payment_id}/refunds" });
    await failed.getByRole("button", { name: "response-conformance.body-schema" }).click();
    const evidence = page.getByRole("region", { name: /^Evidence/ });
    await evidence.getByText("'processing'").first().waitFor();
    // The vendor's known issue whose condition the refund's request meets, where the failure is read.
    await evidence.getByRole("region", { name: "The vendor's notes on this request" }).getByText("Known issue").waitFor();
    await evidence.getByText("curl command", { exact: true }).last().click();
    const curl = await evidence.getByTestId("curl").last().innerText();
    assert.match(curl, /^curl -X POST '.*\/refunds'/);
    assert.match(curl, /\$TOKEN/);
    await evidence.getByRole("button", { name: "Copy curl command" }).last().click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), curl);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-run-evidence");
  });
  await t.test("traces: the violations, marked in the body", async () => {
    await page.getByRole("link", { name: "Traces", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Traces" }).waitFor();
    await page.getByLabel("Violations").selectOption("any");
    await page.getByRole("button", { name: "Filter" }).click();
    const first = page.getByRole("row").nth(1);
    await first.getByRole("button").click();
    await page.getByRole("list", { name: "Violations" }).waitFor();
    await page.locator("pre.code mark").first().waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-traces");
  });
  await t.test("a partner is invited and its credentials are shown once", async () => {
    await page.getByRole("link", { name: "Partners", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Partners" }).waitFor();
    await page.getByLabel("Partner organisation").fill("Hooli");
    await page.getByLabel("Their admin's email").fill("dev@hooli.example");
    await page.getByRole("button", { name: "Invite" }).click();
    const shown = page.getByRole("status").filter({ hasText: "Hooli is invited" });
    await shown.getByText(/^icp_/).waitFor();
    const secrets = shown.locator("dd code");
    invitedPartner = { email: await secrets.nth(0).innerText(), password: await secrets.nth(1).innerText() };
    await page.getByRole("cell", { name: "Hooli", exact: true }).waitFor();
    await page.getByRole("button", { name: "Users of Hooli" }).click();
    await page.getByRole("list", { name: "Users of Hooli" }).getByText("dev@hooli.example").waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-partners");
    await page.getByRole("button", { name: "I have copied them" }).click();
    assert.equal(await page.getByText(/^icp_/).count(), 0, "the key is not shown again");
    await page.reload();
    await page.getByRole("cell", { name: "Hooli", exact: true }).waitFor();
    assert.equal(await page.getByText(/^icp_/).count(), 0);
  });
  await t.test("the audit log lists the writes", async () => {
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    await page.getByRole("cell", { name: "project.partner_invite" }).first().waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-audit-log");
    await page.getByRole("link", { name: "Projects" }).click();
  });
  await t.test("project settings: a bad redaction rule is marked at its line, good ones are kept", async () => {
    await page.getByRole("link", { name: "Payments API" }).click();
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Payments API: Settings" }).waitFor();
    await page.getByLabel("Field names masked as [secret], one per line").fill("merchant_secret");
    await page.getByLabel("Patterns (RE2), one per line as name: pattern").fill("order: ORD-[0-9]+\nbroken: ORD-(");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.locator("#field-patterns-error").getByText(/^Line 2: 'broken' is not a valid RE2 expression/).waitFor();
    assert.equal(await page.getByLabel("Patterns (RE2), one per line as name: pattern").getAttribute("aria-invalid"), "true");
    await page.getByLabel("Patterns (RE2), one per line as name: pattern").fill("order: ORD-[0-9]+");
    await page.getByLabel("Keep traces for (days)").fill("30");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").getByText(/^Saved/).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Payments API: Settings" }).waitFor();
    assert.equal(await page.getByLabel("Patterns (RE2), one per line as name: pattern").inputValue(), "order: ORD-[0-9]+");
    assert.equal(await page.getByLabel("Keep traces for (days)").inputValue(), "30");
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-project-settings");
  });
  await t.test("org settings: a user added with a one-time password, a key made and revoked", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();
    await page.getByLabel("Their name").fill("Ada Vendor");
    await page.getByLabel("Their email").fill("not an email");
    await page.getByRole("button", { name: "Add user" }).click();
    await page.locator("#user-email-error").waitFor();
    await page.getByLabel("Their email").fill("ada@acme.example");
    await page.getByRole("button", { name: "Add user" }).click();
    const added = page.getByRole("status", { name: "Ada Vendor is added" });
    await added.locator("dd code").nth(1).waitFor();
    await page.getByRole("cell", { name: "ada@acme.example" }).waitFor();
    await added.getByRole("button", { name: "I have copied them" }).click();
    await page.getByLabel("What it is for").fill("CI pipeline");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = page.getByRole("status", { name: "Key CI pipeline is created" });
    const secret = await key.getByText(/^icp_/).innerText();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "settings");
    await key.getByRole("button", { name: "I have copied them" }).click();
    assert.equal(await page.getByText(secret, { exact: true }).count(), 0, "the key is not shown again");
    // The list shows its first characters only.
    await page.getByRole("row", { name: /CI pipeline/ }).getByText(`${secret.slice(0, 12)}…`).waitFor();
    await page.getByRole("button", { name: "Revoke CI pipeline" }).click();
    await page.getByRole("group", { name: "Revoke CI pipeline" }).getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("row", { name: /CI pipeline/ }).getByText(/^revoked/).waitFor();
    await page.getByRole("link", { name: "Projects" }).first().click();
  });
  await t.test("a reload keeps the session and its writes still work", async () => {
    await page.reload();
    await page.getByRole("heading", { name: "Projects" }).waitFor();
    await page.getByLabel("Name").fill("After reload");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("cell", { name: "After reload" }).waitFor();
  });
  await t.test("an unknown address says so inside the portal", async () => {
    await page.goto(server.url + "/no/such/page");
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "not-found");
  });
  await t.test("signing out returns to sign-in", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("a vendor annotates an operation, and a mistake in a condition is shown at its column", async (t) => {
  const { context, page, problems } = await newPage();
  await t.test("opens the Specs tab of the demo project", async () => {
    await page.goto(server.url + "/");
    await page.getByLabel("Email").fill(server.owner.email);
    await page.getByLabel("Password").fill(server.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("cell", { name: "Payments API" }).getByRole("link").click();
    await page.getByRole("link", { name: "Specs", exact: true }).click();
    await page.getByRole("heading", { name: "Annotations" }).waitFor();
    // The newest version is the small "v1" added above: the demo's notes point at
    // operations it lacks, and say so rather than vanish.
    const row = page.getByRole("row", { name: /refundPayment \/body\/amount/ });
    await row.getByText("missing: this version has no operation refundPayment").waitFor();
  });
  await t.test("a new version with the operations again: the notes' targets are there", async () => {
    await page.getByLabel("Label").fill("2026-11-16");
    await page.getByLabel("Or paste the document").fill(readFileSync(new URL("../../examples/payments-api.yaml", import.meta.url), "utf8"));
    await page.getByRole("button", { name: "Add version" }).click();
    await page.getByRole("cell", { name: "2026-11-16", exact: true }).waitFor();
    const row = page.getByRole("row", { name: /refundPayment \/body\/amount/ });
    await row.getByText("present").waitFor();
  });
  await t.test("a condition's mistake is placed; fixed, it is tried on the examples", async () => {
    await page.getByLabel("Operation", { exact: true }).selectOption("refundPayment");
    await page.getByLabel("About (empty: the whole operation)").fill("/body/reason");
    await page.getByLabel("Kind").selectOption({ label: "Edge case" });
    await page.getByLabel("Message (Markdown)").fill("Refunds for `fraudulent` payments also block the card.");
    const condition = page.getByLabel("Applies when (optional)");
    await condition.fill('body.reason = "fraudulent"');
    const preview = page.locator("#condition-preview");
    await preview.getByText("column 13").waitFor();
    assert.match(await preview.innerText(), /`=` alone: compare with `==`/);
    await condition.fill('body.reason == "fraudulent"');
    await preview.getByText("does not match").first().waitFor();
    assert.match(await preview.innerText(), /example\s+does not match/);
    await condition.fill('body.reason == "requested_by_customer"');
    await preview.getByText("matches").first().waitFor();
    assert.match(await preview.innerText(), /example\s+matches/);
    await condition.fill('body.reason == "fraudulent"');
    await page.getByRole("button", { name: "Add annotation" }).click();
    await page.getByRole("status").getByText("Added").waitFor();
    await page.getByRole("cell", { name: "refundPayment /body/reason", exact: true }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-annotations");
  });
  await t.test("a target the version does not have is refused at the field", async () => {
    await page.getByLabel("About (empty: the whole operation)").fill("/body/currency");
    await page.getByLabel("Message (Markdown)").fill("Refunds are in the payment's currency.");
    await page.getByLabel("Applies when (optional)").fill("");
    await page.getByRole("button", { name: "Add annotation" }).click();
    await page.locator("#annotation-pointer-error").getByText("has no field /body/currency").waitFor();
  });
  await t.test("the vendor tries its own API in the playground", async () => {
    await page.getByRole("link", { name: "Playground", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Playground" }).waitFor();
    await page.locator("#playground-verdict").getByText("Valid").waitFor();
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the demo's partner runs its own tests and sees its own traffic only", async (t) => {
  const { context, page, problems } = await newPage();
  await t.test("signs in and opens its project", async () => {
    await page.goto(server.url + "/");
    await page.getByLabel("Email").fill(server.partner.email);
    await page.getByLabel("Password").fill(server.partner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Payments API" }).click();
    await page.getByRole("heading", { name: "Payments API: Home" }).waitFor();
    await page.getByRole("heading", { name: "What to do next" }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-project-home");
  });
  await t.test("reads the API's docs: an operation, its example, the mock to try it on", async () => {
    await page.getByRole("link", { name: "Docs", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Docs" }).waitFor();
    await page.getByLabel("Version").selectOption({ label: "2026-11-15" });
    await page.getByRole("heading", { name: "Acme Payments API 2026-11-15" }).waitFor();
    const operations = page.getByRole("navigation", { name: "Operations" });
    await operations.getByRole("link", { name: "POST /payments/{payment_id}/refunds" }).click();
    await page.getByRole("heading", { name: "POST /payments/{payment_id}/refunds" }).waitFor();
    assert.match(new URL(page.url()).pathname, /\/docs\/refundPayment$/);
    // The description's Markdown is rendered: its code span is an element, not backticks.
    await page.locator("article .markdown code", { hasText: "refunds:elevated" }).first().waitFor();
    await page.getByRole("cell", { name: "Idempotency-Key required" }).waitFor();
    await page.getByRole("heading", { name: "NewRefund" }).waitFor();
    const mockUrl = await page.locator("dd code").first().innerText();
    assert.match(mockUrl, /^http:\/\/127\.0\.0\.1:\d+\/mocks\/mck_\w+\/v1$/);
    const curl = await page.getByRole("region", { name: "Try it on the mock" }).locator("pre").innerText();
    assert.ok(curl.startsWith(`curl -X POST '${mockUrl}/payments/`), curl);
    assert.match(curl, /--data-raw '\{/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-docs");
  });
  await t.test("the playground checks a request as it is typed and shows the notes that apply", async () => {
    await page.getByRole("link", { name: "Playground", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Playground" }).waitFor();
    await page.getByLabel("Version").selectOption({ label: "2026-11-15" });
    await page.getByLabel("Operation", { exact: true }).selectOption("createPayment");
    const verdict = page.locator("#playground-verdict");
    await verdict.getByText("Valid").waitFor();
    // An amount past the schema's maximum: the server's verdict, placed on the field.
    const body = page.getByLabel("Request body (JSON)");
    await body.click();
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await page.keyboard.type('{"amount": 2000000, "currency": "EUR", "card_token": "tok_visa_4242"}');
    await verdict.getByText("1 problem").waitFor();
    assert.match(await verdict.innerText(), /\/body\/amount .*maximum|\/body\/amount .*1000000/);
    const marked = page.locator("#playground-body .cm-lintRange-error");
    await marked.first().waitFor();
    assert.match(await marked.first().innerText(), /amount/);
    // Completion offers the members the schema has and the request lacks.
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.type(", ");
    await page.keyboard.press("Control+Space");
    const options = page.locator("#playground-body .cm-tooltip-autocomplete li");
    await options.first().waitFor();
    const offered = await options.allInnerTexts();
    assert.ok(offered.some((o) => o.includes('"capture"')), offered.join(", "));
    assert.ok(!offered.some((o) => o.includes('"amount"')), "a member already there is not offered again");
    await page.keyboard.press("Escape");
    // Fixed, it is sent to the hosted mock by the server, which answers 201, checked.
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await page.keyboard.type('{"amount": 2000, "currency": "EUR", "card_token": "tok_visa_4242"}');
    await verdict.getByText("Valid").waitFor();
    await page.getByLabel("To", { exact: true }).selectOption({ label: "The hosted mock" });
    await page.getByRole("button", { name: "Send request" }).click();
    const answer = page.getByRole("status", { name: "Answer" });
    await answer.locator(".badge", { hasText: "201" }).waitFor();
    await answer.getByText("The answer meets the contract.").waitFor();
    // The same request as code, to the same mock, with the token read from $TOKEN.
    const code = page.getByRole("region", { name: "As code" });
    const curl = await code.locator("pre").innerText();
    assert.match(curl, /^curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/mocks\/mck_\w+\/v1\/payments'/);
    assert.match(curl, /-H "Authorization: Bearer \$TOKEN"/);
    await code.getByRole("button", { name: "Python" }).click();
    const python = await code.locator("pre").innerText();
    assert.match(python, /requests\.request\(\n {4}"POST",\n {4}"http:\/\/127\.0\.0\.1:\d+\/mocks\/mck_\w+\/v1\/payments"/);
    assert.match(python, /f"Bearer \{os\.environ\['TOKEN'\]\}"/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-playground-sent");
    // Kept as a test case, it runs with the next golden run (below).
    await page.getByText("Save as test case", { exact: true }).click();
    await page.getByLabel("Name", { exact: true }).fill("card payment of 2000");
    await page.getByRole("button", { name: "Save case" }).click();
    await page.getByRole("status").getByText("Saved as").waitFor();
    const saved = page.getByRole("region", { name: "Saved cases of this operation" });
    await saved.getByRole("row").filter({ hasText: "card payment of 2000" }).getByText("yours").waitFor();
    // The whole API for Postman, the saved case in its own folder.
    const download = page.getByRole("link", { name: "Download the collection" });
    const exported = await (await page.request.get(new URL(await download.getAttribute("href"), page.url()).href)).json();
    const folder = exported.item.find((item) => item.name === "Saved cases");
    assert.deepEqual(folder.item.map((item) => item.name), ["card payment of 2000"]);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-playground-saved");
    // A bad request on purpose, from the negative generator: labelled, and the check agrees.
    await page.getByRole("button", { name: "Try a bad request" }).click();
    const label = page.getByRole("status").filter({ hasText: "Bad on purpose" });
    await label.waitFor();
    await verdict.getByText(/problems? before this can be sent/).waitFor();
    await page.getByRole("button", { name: "Another bad request" }).click();
    await label.getByText(/\(2 of \d+\)/).waitFor();
    // A refund over 10,000: the vendor's note on the elevated scope appears.
    await page.getByLabel("Operation", { exact: true }).selectOption("refundPayment");
    await verdict.getByText("Valid").waitFor();
    const applies = page.getByRole("region", { name: "Notes that apply to this request" });
    await applies.getByText("Known issue").waitFor();
    assert.equal(await applies.getByText("refunds:elevated").count(), 0);
    await page.getByLabel("Request body (JSON)").click();
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await page.keyboard.type('{"amount": 12000, "reason": "requested_by_customer"}');
    await applies.getByText("refunds:elevated").waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-playground");
  });
  await t.test("runs the suite against the sandbox with the keyboard", async () => {
    await page.getByRole("link", { name: "Tests", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Tests" }).waitFor();
    await page.getByLabel("Spec version").selectOption({ label: "2026-11-15 (Acme Payments API)" });
    await page.getByLabel("Against").selectOption({ label: "Sandbox" });
    await page.getByRole("button", { name: "Run the suite" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("row").nth(1).getByText(/did not pass/).waitFor({ timeout: 60000 });
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-tests");
    // The case saved in the playground is in the run's report, in its own group.
    await page.getByRole("row").nth(1).getByRole("link").click();
    await page.getByRole("heading", { name: "Cases" }).waitFor();
    await page.getByLabel("Show").selectOption("Saved cases");
    const row = page.getByRole("row").filter({ hasText: "card payment of 2000" });
    await row.getByText("POST /payments", { exact: true }).waitFor();
    await row.getByRole("button", { name: /^saved:case_/ }).click();
    await page.getByRole("region", { name: /^Evidence: card payment of 2000/ }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-run-saved-case");
  });
  await t.test("its traces are its own", async () => {
    await page.getByRole("link", { name: "Traces", exact: true }).click();
    await page.getByRole("heading", { name: "Payments API: Traces" }).waitFor();
    await page.getByRole("row").nth(1).waitFor();
    const partners = await page.locator("tbody tr td:nth-child(5)").allInnerTexts();
    assert.ok(partners.length > 0);
    assert.deepEqual([...new Set(partners)], ["Your organisation"]);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-traces");
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the invited partner sees its project only, and vendor pages say not allowed", async (t) => {
  assert.ok(invitedPartner, "the vendor's journey invited a partner");
  const { context, page, problems } = await newPage();
  await t.test("signs in with the one-time password and must choose its own", async () => {
    await page.goto(server.url + "/");
    await page.getByLabel("Email").fill(invitedPartner.email);
    await page.getByLabel("Password").fill(invitedPartner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Choose your password" }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-set-password");
    await page.getByLabel("One-time password").fill(invitedPartner.password);
    await page.getByLabel("New password", { exact: true }).fill("short");
    await page.getByLabel("New password again").fill("short");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.locator("#field-new_password-error").getByText(/12 characters/).waitFor();
    await page.getByLabel("New password", { exact: true }).fill("hooli picked this");
    await page.getByLabel("New password again").fill("hooli picked this");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.getByRole("heading", { name: "My projects" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/partner");
    await page.getByText("Partner portal").waitFor();
  });
  await t.test("sees only the project it was invited to", async () => {
    await page.getByRole("cell", { name: "Payments API" }).waitFor();
    assert.equal(await page.getByRole("row").count(), 2, "a header and one project");
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-projects");
  });
  await t.test("docs show a spec's markup as text and run none of it", async () => {
    await page.getByRole("link", { name: "Payments API" }).click();
    await page.getByRole("link", { name: "Docs", exact: true }).click();
    await page.getByLabel("Version").selectOption({ label: "v1" });
    await page.getByText("<script>alert(3)</script>").waitFor();
    await page.getByText("<img src=x onerror=alert(4)>").waitFor();
    assert.equal(await page.locator("article img, .markdown img, .markdown script").count(), 0);
    // An address naming an operation the version does not have says so.
    const docs = new URL(page.url()).pathname.replace(/\/docs.*$/, "/docs");
    await page.goto(server.url + docs + "/noSuchOperation");
    await page.getByRole("alert").getByText(/no operation 'noSuchOperation'.*choose one from the list/).waitFor();
    await page.getByRole("link", { name: "Projects" }).first().click();
  });
  await t.test("keeps its own credentials for the sandbox, refused ones marked at their field", async () => {
    await page.getByRole("link", { name: "Payments API" }).click();
    await page.getByRole("link", { name: "Tests", exact: true }).click();
    await page.getByRole("heading", { name: "Your credentials" }).waitFor();
    await page.getByLabel("Environment").selectOption({ label: "Sandbox" });
    await page.getByLabel("OAuth2 token URL").fill("not a url");
    await page.getByLabel("OAuth2 client id").fill("hooli");
    await page.getByLabel("OAuth2 client secret").fill("hooli-secret");
    await page.getByRole("button", { name: "Save my credentials" }).click();
    await page.locator("#field-token_url-error").waitFor();
    assert.equal(await page.getByLabel("OAuth2 token URL").getAttribute("aria-invalid"), "true");
    await page.getByLabel("OAuth2 token URL").fill("https://auth.hooli.example/token");
    await page.getByRole("button", { name: "Save my credentials" }).click();
    await page.getByRole("status").getByText(/^Saved: your runs against Sandbox/).waitFor();
    assert.equal(await page.getByLabel("OAuth2 client secret").inputValue(), "", "not shown again");
    await page.reload();
    await page.getByText(/Set for: Sandbox\./).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-own-credentials");
    await page.getByRole("link", { name: "Projects" }).first().click();
  });
  await t.test("no other partner's traces", async () => {
    await page.getByRole("link", { name: "Payments API" }).click();
    await page.getByRole("link", { name: "Traces", exact: true }).click();
    await page.getByText("No trace matches.").waitFor();
  });
  await t.test("a vendor page's address is not allowed, and fetches nothing", async () => {
    const fetched = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/v1/") && !request.url().endsWith("/session"))
        fetched.push(request.url());
    });
    for (const path of ["/projects", "/audit", "/projects/prj_x/partners"]) {
      await page.goto(server.url + path);
      await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    }
    assert.deepEqual(fetched, []);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "partner-not-allowed");
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("a vendor withdraws a partner, which then sees nothing of the project", async (t) => {
  assert.ok(invitedPartner, "the vendor's journey invited a partner");
  const { context, page, problems } = await newPage();
  await t.test("the vendor withdraws Hooli after confirming", async () => {
    await page.goto(server.url + "/");
    await page.getByLabel("Email").fill(server.owner.email);
    await page.getByLabel("Password").fill(server.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Payments API" }).click();
    await page.getByRole("link", { name: "Partners", exact: true }).click();
    await page.getByRole("button", { name: "Withdraw Hooli" }).click();
    const asked = page.getByRole("group", { name: "Withdraw Hooli" });
    await asked.getByText("Hooli loses access to this project.").waitFor();
    await asked.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("cell", { name: "Hooli", exact: true }).waitFor();
    await page.getByRole("button", { name: "Withdraw Hooli" }).click();
    await asked.getByRole("button", { name: "Withdraw" }).click();
    await page.getByRole("status").getByText("Hooli no longer has access to this project.", { exact: false }).waitFor();
    await page.getByRole("cell", { name: "Hooli", exact: true }).waitFor({ state: "detached" });
  });
  await t.test("Hooli's next look finds no project", async () => {
    const partner = await newPage();
    await partner.page.goto(server.url + "/");
    await partner.page.getByLabel("Email").fill(invitedPartner.email);
    await partner.page.getByLabel("Password").fill("hooli picked this");
    await partner.page.getByRole("button", { name: "Sign in" }).click();
    await partner.page.getByRole("heading", { name: "My projects" }).waitFor();
    await partner.page.getByText("No vendor has invited your organisation to a project yet.").waitFor();
    assert.deepEqual(partner.problems, []);
    await partner.context.close();
  });
  assert.deepEqual(problems, []);
  await context.close();
});
