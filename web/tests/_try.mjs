import { startServer } from "./server.mjs";
import { launch, axeViolations } from "./browser.mjs";
const server = await startServer();
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.log("pageerror", e.message));
  page.on("console", (m) => console.log("console", m.type(), m.text()));
  await page.goto(server.url + "/");
  await page.getByLabel("Email").fill(server.partner.email);
  await page.getByLabel("Password").fill(server.partner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/partner/);
  const projectLink = page.getByRole("link", { name: "Payments API" });
  await projectLink.click();
  await page.getByRole("link", { name: "Playground" }).click();
  await page.getByLabel("Operation").selectOption("refundPayment");
  await page.getByText("Checked against the contract").waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: "/tmp/pg/1.png", fullPage: true });
  const body = page.getByLabel("Request body (JSON)");
  await body.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.type('{"amount": 20000000, ');
  await page.keyboard.press("Control+Space");
  await page.waitForTimeout(800);
  await page.screenshot({ path: "/tmp/pg/2.png", fullPage: true });
  console.log(await page.locator("#playground-verdict").innerText());
  console.log(JSON.stringify(await axeViolations(page)));
} finally {
  await browser.close();
  await server.stop();
}
