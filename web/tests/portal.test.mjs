// The portals as people use them: Debian's chromium against the real `icopilot serve`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launch, axeViolations, screenshots } from "./browser.mjs";

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
  const context = await browser.newContext({ bypassCSP: false, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // Refusals the test provokes (401, 422) are logged by the browser as failed loads;
    // anything else on the console is the app's own error.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(`console: ${message.text()}`);
  });
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
  await t.test("a spec with a mistake is refused at its line; a good one is stored", async () => {
    await page.getByRole("link", { name: "Payments API" }).click();
    await page.getByRole("heading", { name: "Payments API: Specs" }).waitFor();
    await page.getByLabel("Label").fill("v1 draft");
    await page.getByLabel("Or paste the document").fill("openapi: 3.0.3\ninfo: {title: Payments, version: '1'}\npaths:\n  /payments: [\n");
    await page.getByRole("button", { name: "Add version" }).click();
    await page.locator("#field-document-error").getByText(/^line 5, column \d+: /).waitFor();
    assert.equal(await page.getByLabel("Or paste the document").getAttribute("aria-invalid"), "true");
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-spec-refused");
    await page.getByLabel("Label").fill("v1");
    await page.getByLabel("Or paste the document").fill(
      "openapi: 3.0.3\ninfo: {title: Payments, version: '1', description: '<script>alert(3)</script>'}\n" +
        "paths:\n  /payments/{id}:\n    get: {summary: '<img src=x onerror=alert(4)>', responses: {'200': {description: ok}}}\n",
    );
    await page.getByRole("button", { name: "Add version" }).click();
    await page.getByRole("region", { name: "Warnings" }).getByText(/line 5, column 5/).waitFor();
    await page.getByRole("cell", { name: "v1", exact: true }).waitFor();
    assert.equal(await page.locator("img").count(), 0);
    await screenshots(page, "vendor-specs");
  });
  await t.test("a partner is invited and its credentials are shown once", async () => {
    await page.getByRole("link", { name: "Partners" }).click();
    await page.getByRole("heading", { name: "Payments API: Partners" }).waitFor();
    await page.getByLabel("Partner organisation").fill("Initech");
    await page.getByLabel("Their admin's email").fill("dev@initech.example");
    await page.getByRole("button", { name: "Invite" }).click();
    const shown = page.getByRole("status").filter({ hasText: "Initech is invited" });
    await shown.getByText(/^icp_/).waitFor();
    const secrets = shown.locator("dd code");
    invitedPartner = { email: await secrets.nth(0).innerText(), password: await secrets.nth(1).innerText() };
    await page.getByRole("cell", { name: "Initech" }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-partners");
    await page.getByRole("button", { name: "I have copied them" }).click();
    assert.equal(await page.getByText(/^icp_/).count(), 0, "the key is not shown again");
    await page.reload();
    await page.getByRole("cell", { name: "Initech" }).waitFor();
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
    await page.getByLabel("New password", { exact: true }).fill("initech picked this");
    await page.getByLabel("New password again").fill("initech picked this");
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
