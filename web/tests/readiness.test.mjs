// Readiness and certificates in Debian's chromium against the real `icopilot serve
// --demo`: the vendor reads a ready partner's report, certifies it, and the downloaded
// file verifies offline with `icopilot certificate verify`; the printable page stands
// alone; the partner reads its own report, blocked by its failing run, with no button
// to certify itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "./server.mjs";
import { launch, axeViolations, screenshots, screenshotDir } from "./browser.mjs";
import { overviewWhenSettled, signedIn } from "./demo_pages.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the vendor certifies a ready partner, and the certificate verifies offline", async (t) => {
  const { context, page, problems } = await signedIn(browser, server, server.owner);
  let reportPath;
  await t.test("Umbrella's readiness: ready on the mock, its traffic and notes", async () => {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Plan" }).click();
    await overviewWhenSettled(page);
    await page.getByRole("link", { name: "Umbrella Retail" }).click();
    await page.getByRole("link", { name: "Readiness report and certificates" }).click();
    const mock = page.getByRole("region", { name: /^Mock/ });
    await mock.waitFor();
    assert.match(await mock.getByRole("heading").innerText(), /ready/);
    assert.match(await mock.innerText(), /Decided by run run_\w+/);
    assert.match(await page.getByRole("region", { name: /^Sandbox/ }).innerText(), /no run yet/);
    const traffic = page.getByRole("region", { name: /^Traffic since/ });
    assert.ok((await traffic.getByRole("row").count()) > 1, "Umbrella's six days of calls, per operation");
    assert.match(await page.getByRole("region", { name: /notes/ }).getByRole("heading").innerText(), /acknowledged/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-readiness");
    reportPath = new URL(page.url()).pathname;
  });
  await t.test("certified for the mock, listed as current", async () => {
    const certificates = page.getByRole("region", { name: "Certificates" });
    await certificates.getByText("No certificate issued.").waitFor();
    await certificates.getByRole("button", { name: "Certify for Mock" }).click();
    const row = certificates.getByRole("row", { name: /Mock/ });
    await row.waitFor();
    assert.match(await row.innerText(), /current/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-certificates");
  });
  await t.test("the downloaded file verifies with the published key, on no server's data", async () => {
    const href = await page
      .getByRole("region", { name: "Certificates" })
      .getByRole("link", { name: /^Download/ })
      .getAttribute("href");
    const file = await page.request.get(server.url + href);
    assert.equal(file.status(), 200);
    const key = await page.request.get(server.url + "/api/v1/certificate-key");
    assert.equal(key.status(), 200);
    const offline = mkdtempSync(join(tmpdir(), "icopilot-offline-"));
    try {
      writeFileSync(join(offline, "certificate.json"), await file.body());
      writeFileSync(join(offline, "key.json"), await key.body());
      const verify = spawnSync(
        server.binary,
        ["certificate", "verify", "certificate.json", "--public-key", "key.json"],
        { cwd: offline, encoding: "utf8" },
      );
      assert.equal(verify.status, 0, verify.stdout + verify.stderr);
      assert.match(verify.stdout, /VALID: Umbrella Retail passed every required golden category of Payments API in Mock\./);
    } finally {
      rmSync(offline, { recursive: true, force: true });
    }
  });
  await t.test("metrics: Umbrella certified, and the CSV holds what the chart plots", async () => {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Metrics" }).click();
    const table = page.getByRole("region", { name: "From invitation to certification" });
    const umbrella = table.getByRole("row", { name: /Umbrella Retail/ });
    await umbrella.waitFor();
    assert.match(await umbrella.innerText(), /\d+\.\d h/, "hours to its certificate");
    assert.match(await table.getByRole("row", { name: /Initech Payments/ }).innerText(), /—/, "no call yet");
    const chart = page.getByRole("region", { name: "Golden runs per day" });
    await chart.getByText("The numbers").click();
    const shown = [];
    for (const row of await chart.getByRole("row").all()) {
      const cells = await row.getByRole("cell").allInnerTexts();
      if (cells.length === 3) shown.push(cells.join(","));
    }
    assert.ok(shown.length > 0, "the chart has days");
    const href = await chart.getByRole("link", { name: "Download as CSV" }).getAttribute("href");
    const csv = await (await page.request.get(server.url + href)).text();
    const lines = csv.trim().split("\r\n");
    assert.equal(lines[0], "partner_id,partner_name,day,runs,passed,pass_rate");
    const perDay = new Map();
    for (const line of lines.slice(1)) {
      const [day, runs, passed] = line.split(",").slice(-4, -1);
      const sum = perDay.get(day) ?? [0, 0];
      perDay.set(day, [sum[0] + Number(runs), sum[1] + Number(passed)]);
    }
    const fromCsv = [...perDay.entries()].sort().map(([day, [runs, passed]]) => `${day},${runs},${passed}`);
    assert.deepEqual(shown, fromCsv);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-metrics");
  });
  await t.test("the printable page stands alone", async () => {
    const partnerId = reportPath.split("/")[4];
    const projectId = reportPath.split("/")[2];
    await page.goto(`${server.url}/api/v1/projects/${projectId}/partners/${partnerId}/readiness/html`);
    await page.getByRole("heading", { name: "Readiness of Umbrella Retail for Payments API", level: 1 }).waitFor();
    assert.equal(await page.locator("script").count(), 0);
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: `${screenshotDir}/readiness-printable.png`, fullPage: true });
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the partner reads its own readiness, blocked by its Sandbox run", async () => {
  const { context, page, problems } = await signedIn(browser, server, server.partner);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Plan" }).click();
  await page.getByRole("link", { name: "Readiness report and certificates" }).click();
  const sandbox = page.getByRole("region", { name: /^Sandbox/ });
  await sandbox.waitFor();
  // The demo's runs finish in the background: read again until Globex's Sandbox run is in.
  const deadline = Date.now() + 120000;
  while (!/blocked/.test(await sandbox.getByRole("heading").innerText())) {
    assert.ok(Date.now() < deadline, "Globex's Sandbox run never finished");
    await page.waitForTimeout(1000);
    await page.reload();
    await sandbox.waitFor();
  }
  assert.match(await sandbox.innerText(), /Failures \(\d+\)/);
  assert.equal(await page.getByRole("button", { name: /^Certify/ }).count(), 0, "partners do not certify");
  assert.deepEqual(await axeViolations(page), []);
  await screenshots(page, "partner-readiness");
  assert.deepEqual(problems, []);
  await context.close();
});
