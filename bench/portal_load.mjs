// The portal in Debian's chromium, headless, on loopback (run by bench/portal.py with a
// seeded server): what a cold first load transfers (JavaScript and CSS, compressed, as
// sent), and how long the Overview of the seeded project takes to show its partners and its
// traffic chart, beside how long the sign-in page takes to appear.
// usage: node bench/portal_load.mjs URL EMAIL PASSWORD PROJECT_ID
import { createRequire } from "node:module";

const require = createRequire(new URL("../web/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const [url, email, password, projectId] = process.argv.slice(2);
const TARGET_KB = 150;
const TARGET_MS = 1000;
const RUNS = 5;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

// A fresh context has an empty cache: every load below is cold.
async function coldPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return { context, page: await context.newPage() };
}

// First load: the sign-in page, with what it transferred by type.
const first = await coldPage();
const transferred = { script: 0, stylesheet: 0, other: 0 };
first.page.on("requestfinished", async (request) => {
  const sizes = await request.sizes();
  const type = request.resourceType();
  transferred[type in transferred ? type : "other"] += sizes.responseBodySize;
});
let t0 = performance.now();
await first.page.goto(url + "/");
await first.page.getByRole("button", { name: "Sign in" }).waitFor();
const signInMs = performance.now() - t0;
await first.page.waitForLoadState("networkidle");
await first.context.close();
const firstLoadKb = (transferred.script + transferred.stylesheet) / 1024;

// The Overview, cold each time: sign in, then open it and wait for what it shows.
const overview = [];
for (let i = 0; i < RUNS; ++i) {
  const { context, page } = await coldPage();
  await page.goto(url + "/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Projects" }).waitFor();
  t0 = performance.now();
  await page.goto(`${url}/projects/${projectId}`);
  // Shown: Partner 20's row with its calls counted (the activity arrived), and the chart.
  await page.waitForFunction(() =>
    [...document.querySelectorAll("tr")].some(
      (row) => row.cells[0]?.textContent === "Partner 20" && Number(row.cells[4]?.textContent) > 0,
    ),
  );
  await page.locator(".chart canvas").first().waitFor();
  overview.push(performance.now() - t0);
  await context.close();
}
await browser.close();

overview.sort((a, b) => a - b);
const median = overview[Math.floor(overview.length / 2)];
console.log(`\nportal in headless chromium, cold cache, loopback`);
console.log(`first load: JavaScript ${(transferred.script / 1024).toFixed(1)} KB, CSS ${(transferred.stylesheet / 1024).toFixed(1)} KB compressed` +
  ` = ${firstLoadKb.toFixed(1)} KB, ${(firstLoadKb / TARGET_KB).toFixed(2)}x the ${TARGET_KB} KB target`);
console.log(`sign-in page on screen (ceiling: the app with no data): ${signInMs.toFixed(0)} ms`);
console.log(`Overview with its partners and traffic chart, median of ${RUNS}: ${median.toFixed(0)} ms ` +
  `(slowest ${overview.at(-1).toFixed(0)} ms), ${(median / TARGET_MS).toFixed(2)}x the ${TARGET_MS} ms target, ` +
  `${(median / signInMs).toFixed(1)}x the sign-in page`);
