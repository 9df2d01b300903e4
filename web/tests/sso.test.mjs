// Single sign-on in the browser: the owner turns it on in Settings against a real OpenID
// Provider (npm's oidc-provider, tests/integration/oidc_provider.mjs), then a new colleague
// types their email on the sign-in page, is offered the provider, goes through it and lands
// in the portal signed in; an org's sign-in link offers the provider at once; a refused
// sign-in comes back to the page with its reason.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startProcess, startServer } from "./server.mjs";
import { launch, axeViolations, screenshots, watchedPage } from "./browser.mjs";

let server;
let provider;
let browser;

async function startProvider(callback) {
  const script = new URL("../../tests/integration/oidc_provider.mjs", import.meta.url).pathname;
  const started = await startProcess(
    process.execPath,
    [script, "icopilot-portal", "portal-test-secret", callback],
    /^listening on \S+\n/m,
    "the OpenID provider",
  );
  return { issuer: started.printed.match(/^listening on (\S+)/m)[1], stop: started.stop };
}

before(async () => {
  // The provider runs on this machine: the server may reach it only when told so.
  server = await startServer(["--allow-private-targets"]);
  provider = await startProvider(`${server.url}/api/v1/sso/callback`);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await provider?.stop();
  await server?.stop();
});

const newPage = () => watchedPage(browser);

test("an owner turns single sign-on on and a colleague signs in through the provider", async (t) => {
  let orgId;
  await t.test("the owner sets the provider in Settings", async () => {
    const { context, page, problems } = await newPage();
    await page.goto(server.url + "/");
    await page.getByLabel("Email").fill(server.owner.email);
    await page.getByLabel("Password").fill(server.owner.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Projects" }).waitFor();
    await page.goto(server.url + "/settings");
    const section = page.getByRole("region", { name: "Single sign-on" });
    await section.waitFor();
    await section.getByLabel("Provider").selectOption("oidc");
    await section.getByLabel("Issuer URL").fill(provider.issuer);
    await section.getByLabel("Client ID").fill("icopilot-portal");
    await section.getByLabel("Client secret").fill("portal-test-secret");
    await section.getByLabel("Email domains (comma separated)").fill("acme.example");
    await section.getByRole("button", { name: "Turn on single sign-on" }).click();
    await section.getByRole("status").getByText("discovery document was checked").waitFor();
    // The redirect URI to register and the link to share, with the org's id.
    orgId = (await page.evaluate(async () => (await fetch("/api/v1/session")).json())).org.id;
    await section.getByText(`${server.url}/api/v1/sso/callback`).waitFor();
    await section.getByText(`/login?org=${orgId}`).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "settings-sso");
    assert.deepEqual(problems, []);
    await context.close();
  });

  await t.test("a colleague's email is offered the provider and signs in through it", async () => {
    const { context, page, problems } = await newPage();
    await page.goto(server.url + "/projects");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill("new.colleague@acme.example");
    const button = page.getByRole("button", { name: "Sign in with single sign-on" });
    await button.waitFor();
    await page.getByText(/^.+ signs in with single sign-on\.$/).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "sign-in-sso");
    // Keyboard: the button is reached with Tab and pressed with Enter.
    await button.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/projects" && url.origin === server.url);
    await page.getByRole("heading", { name: "Projects" }).waitFor();
    const me = await page.evaluate(async () => (await fetch("/api/v1/session")).json());
    assert.equal(me.user.email, "new.colleague@acme.example");
    assert.equal(me.role, "member");
    assert.deepEqual(problems, []);
    await context.close();
  });

  await t.test("the org's sign-in link offers the provider without asking the email", async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/login?org=${orgId}`);
    await page.getByRole("button", { name: "Sign in with single sign-on" }).waitFor();
    assert.equal(await page.getByLabel("Password").count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  await t.test("a refused sign-in comes back with its reason", async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/login?sso_error=domain`);
    await page.getByRole("alert").getByText("not of a domain your org signs in with").waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshots(page, "sign-in-sso-refused");
    await context.close();
  });
});
