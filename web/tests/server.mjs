// Starts the real `icopilot serve --demo` on a temporary data folder and an unused port,
// and reads the demo's sign-in from what it prints.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Starts `command` and waits (20 s at most) until what it printed matches `ready`; returns
// the child, what it printed, and a stop that waits for its exit.
export async function startProcess(command, args, ready, what) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output = { printed: "", complained: "" };
  child.stdout.on("data", (chunk) => (output.printed += chunk));
  child.stderr.on("data", (chunk) => (output.complained += chunk));
  const deadline = Date.now() + 20000;
  while (!ready.test(output.printed)) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited ${child.exitCode}: ${output.printed}${output.complained}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start: ${output.printed}${output.complained}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    printed: output.printed,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

// `extra`: more flags for `serve` (a test of the assistant's model allows a local one).
export async function startServer(extra = []) {
  const binary = process.env.ICOPILOT_BINARY ?? new URL("../../build/release/src/cli/icopilot", import.meta.url).pathname;
  const data = mkdtempSync(join(tmpdir(), "icopilot-portal-"));
  // Port 0: the server picks a free one and prints it on its first line.
  const started = await startProcess(
    binary,
    ["serve", "--demo", "--data", data, "--listen", "127.0.0.1:0", ...extra],
    /Partner key\s+\S+\n/,
    "icopilot serve",
  );
  const printed = started.printed;
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
      await started.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}
