// Starts the real `icopilot serve --demo` on a temporary data folder and an unused port,
// and reads the demo's sign-in from what it prints.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// `extra`: more flags for `serve` (a test of the assistant's model allows a local one).
export async function startServer(extra = []) {
  const binary = process.env.ICOPILOT_BINARY ?? new URL("../../build/release/src/cli/icopilot", import.meta.url).pathname;
  const data = mkdtempSync(join(tmpdir(), "icopilot-portal-"));
  // Port 0: the server picks a free one and prints it on its first line.
  const child = spawn(binary, ["serve", "--demo", "--data", data, "--listen", "127.0.0.1:0", ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  let complained = "";
  child.stdout.on("data", (chunk) => (printed += chunk));
  child.stderr.on("data", (chunk) => (complained += chunk));
  const deadline = Date.now() + 20000;
  while (!/Partner key\s+\S+\n/.test(printed)) {
    if (child.exitCode !== null)
      throw new Error(`icopilot serve exited ${child.exitCode}: ${printed}${complained}`);
    if (Date.now() > deadline) throw new Error(`icopilot serve printed no demo login: ${printed}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const [, email, password] = printed.match(/Owner login\s+(\S+) \/ (\S+)/);
  const [, url] = printed.match(/^listening on (\S+)/m);
  const [, partnerEmail, partnerPassword] = printed.match(/Partner login\s+(\S+) \/ (\S+)/);
  const [, partnerKey] = printed.match(/Partner key\s+(\S+)/);
  return {
    url,
    binary,
    owner: { email, password },
    partner: { email: partnerEmail, password: partnerPassword, key: partnerKey },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(data, { recursive: true, force: true });
    },
  };
}
