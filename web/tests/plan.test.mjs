// Plan boards in both portals, in Debian's chromium against the real `icopilot serve
// --demo`: the vendor sees its three partners at three phases and opens the failure that
// holds one back; a partner moves its own item and the vendor sees it moved.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launch, axeViolations, screenshots } from "./browser.mjs";
import { overviewWhenSettled, signedIn as signedInTo } from "./demo_pages.mjs";

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

const signedIn = (who) => signedInTo(browser, server, who);

test("the vendor sees three partners at three phases and opens the failure that holds one back", async (t) => {
  const { context, page, problems } = await signedIn(server.owner);
  await t.test("the overview: a phase per partner, and the evidence behind the next item", async () => {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Plan" }).click();
    await overviewWhenSettled(page);
    const rows = {
      "Initech Payments": "Access and setup",
      "Globex Checkout": "Sandbox certification",
      "Umbrella Retail": "UAT certification",
    };
    for (const [partner, phase] of Object.entries(rows)) {
      const row = page.getByRole("row", { name: new RegExp(partner) });
      assert.match(await row.innerText(), new RegExp(phase), `${partner} stands at ${phase}`);
    }
    await page.getByRole("region", { name: "Partners per phase" }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-plan-overview");
  });
  await t.test("Globex's blocking failure opens on its run", async () => {
    const globex = page.getByRole("row", { name: /Globex Checkout/ });
    assert.match(await globex.innerText(), /failed required/);
    await globex.getByRole("link", { name: "open the run" }).click();
    await page.getByRole("heading", { name: /Payments API: Runs/ }).waitFor();
    assert.match(new URL(page.url()).pathname, /\/runs\/run_\w+$/);
    await page.getByText("response-conformance.body-schema").first().waitFor();
    // And back: the item this failure holds open, and the readiness it decides.
    const onPlan = page.getByRole("region", { name: "On the plan" });
    await onPlan.waitFor();
    assert.match(await onPlan.innerText(), /Holds open Every required golden category passes in the Sandbox/);
    assert.ok(await onPlan.getByRole("link", { name: "The readiness report" }).isVisible());
  });
  await t.test("Globex's board: where it stands and why", async () => {
    await page.goBack();
    await overviewWhenSettled(page);
    await page.getByRole("link", { name: "Globex Checkout" }).click();
    await page.getByRole("status").getByText("Sandbox certification").waitFor();
    const suite = page.getByRole("listitem", { name: "Every required golden category passes in the Sandbox" });
    assert.match(await suite.innerText(), /open/);
    assert.match(await suite.innerText(), /failed required/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "vendor-plan-board");
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("a partner moves its own item, comments, and the vendor sees both", async (t) => {
  const partner = await signedIn(server.partner);
  const item = "Agree the go-live date";
  let boardPath;
  await t.test("the partner's board: evidence items have no button, its own do", async () => {
    await partner.page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Plan" }).click();
    await partner.page.getByRole("heading", { name: "Payments API: Plan" }).waitFor();
    const suite = partner.page.getByRole("listitem", { name: "Every required golden category passes in the Sandbox" });
    await suite.waitFor();
    assert.equal(await suite.getByRole("button", { name: /Mark done/ }).count(), 0, "evidence decides it");
    assert.equal(
      await partner.page.getByRole("listitem", { name: "Review the UAT evidence" }).getByRole("button", { name: /Mark done/ }).count(),
      0,
      "the vendor's item",
    );
    assert.deepEqual(await axeViolations(partner.page), []);
    await screenshots(partner.page, "partner-plan-board");
    boardPath = new URL(partner.page.url()).pathname;
  });
  await t.test("moves its item with the keyboard and comments on it", async () => {
    const row = partner.page.getByRole("listitem", { name: item });
    await row.getByRole("button", { name: new RegExp(`^Mark done\\W+${item}$`) }).focus();
    await partner.page.keyboard.press("Enter");
    await row.getByRole("button", { name: new RegExp(`^Reopen\\W+${item}$`) }).waitFor();
    await row.getByRole("button", { name: `History and comments of ${item}` }).click();
    await row.getByLabel(`Comment on ${item}`).fill("Go-live on the 15th, after the freeze");
    await row.getByRole("button", { name: "Comment", exact: true }).click();
    await row.getByText("Go-live on the 15th, after the freeze").waitFor();
  });
  assert.match(boardPath, /^\/partner\/projects\/prj_\w+\/plan$/);
  const vendor = await signedIn(server.owner);
  await t.test("the vendor sees it moved, by whom, and the comment", async () => {
    const projectId = boardPath.split("/")[3];
    await vendor.page.goto(`${server.url}/projects/${projectId}/plan`);
    await vendor.page.getByRole("link", { name: "Globex Checkout" }).click();
    const row = vendor.page.getByRole("listitem", { name: item });
    await row.waitFor();
    assert.match(await row.innerText(), /done/);
    await row.getByRole("button", { name: `History and comments of ${item}` }).click();
    await row.getByText("Go-live on the 15th, after the freeze").waitFor();
    assert.match(await row.getByRole("list", { name: `History of ${item}` }).innerText(), /completed by hand/);
  });
  assert.deepEqual(partner.problems, []);
  assert.deepEqual(vendor.problems, []);
  await partner.context.close();
  await vendor.context.close();
});
