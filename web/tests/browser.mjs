// Debian's chromium driven by playwright-core (no browser is downloaded), axe-core run in
// the page, and screenshots of every page in both themes.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const screenshotDir =
  process.env.ICOPILOT_SCREENSHOTS ?? new URL("../test-results/screenshots/", import.meta.url).pathname;

export async function launch() {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

// The page's serious and critical accessibility violations, as "rule: target" lines. The
// app's CSP forbids injected scripts, so the check runs with CSP bypassed in its context.
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }),
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ") + (process.env.AXE_DETAIL ? " " + n.failureSummary + " " + n.html : "")).join(", ")}`);
}

// The page's theme is put back afterwards: the app's own choice stays what it was.
export async function screenshots(page, name) {
  const chosen = await page.evaluate(() => document.documentElement.dataset.theme);
  for (const theme of ["light", "dark"]) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    await page.screenshot({ path: `${screenshotDir}/${name}-${theme}.png`, fullPage: true });
  }
  await page.evaluate((t) => (document.documentElement.dataset.theme = t), chosen);
}

// A new 1280×800 page whose errors (uncaught, or logged by the app) are collected in
// `problems`; refusals a test provokes (401, 422) are the browser's failed loads, not these.
// `options`: more for the context (permissions, CSP).
export async function watchedPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}
