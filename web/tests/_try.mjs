import { startServer } from "./server.mjs";
import { launch } from "./browser.mjs";
const server = await startServer();
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.log("pageerror", e.message));
  page.on("console", (m) => console.log("console", m.type(), m.text()));
  page.on("response", (r) => { if (r.url().includes("/reference")) console.log("resp", r.status(), r.url()); });
  await page.goto(server.url + "/");
  await page.getByLabel("Email").fill(server.owner.email);
  await page.getByLabel("Password").fill(server.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("cell", { name: "Payments API" }).getByRole("link").click();
  await page.getByRole("link", { name: "Specs", exact: true }).click();
  await page.getByRole("heading", { name: "Annotations" }).waitFor();
  await page.waitForTimeout(2000);
  console.log(await page.locator("#annotation-operation").innerHTML());
  await page.screenshot({ path: "/tmp/pg/3.png", fullPage: true });
} finally {
  await browser.close();
  await server.stop();
}
