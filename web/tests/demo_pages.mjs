// Pages of the demo as its people see them: a signed-in browser context that collects the
// page's errors, and the plan overview once the demo's background runs have settled.
import assert from "node:assert/strict";
import { watchedPage } from "./browser.mjs";

export async function signedIn(browser, server, who) {
  const { context, page, problems } = await watchedPage(browser);
  await page.goto(server.url + "/");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Payments API" }).click();
  return { context, page, problems };
}

// The demo's runs finish in the background, one after another, in no order a test may
// count on: the overview is read again until Umbrella's run on the mock has moved it to
// UAT and Globex's run in the Sandbox has failed.
export async function overviewWhenSettled(page) {
  const deadline = Date.now() + 120000;
  for (;;) {
    await page.getByRole("heading", { name: "Payments API: Plan" }).waitFor();
    const umbrella = page.getByRole("row", { name: /Umbrella Retail/ });
    const globex = page.getByRole("row", { name: /Globex Checkout/ });
    await umbrella.waitFor();
    const umbrellaAtUat = (await umbrella.innerText()).includes("UAT certification");
    const globexBlocked = /failed required/.test(await globex.innerText());
    if (umbrellaAtUat && globexBlocked) return;
    assert.ok(Date.now() < deadline, `the demo's runs never settled (Umbrella at UAT: ${umbrellaAtUat}, Globex blocked: ${globexBlocked})`);
    await page.waitForTimeout(1000);
    await page.reload();
  }
}
