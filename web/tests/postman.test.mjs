// The exported Postman collection runs unchanged in newman (from npm) against
// `icopilot mock` of the same spec: every operation's example and a partner's saved case,
// with no failed assertion. The environment file comes from the same server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import newman from "newman";
import { startServer } from "./server.mjs";

const binary = process.env.ICOPILOT_BINARY ?? new URL("../../build/release/src/cli/icopilot", import.meta.url).pathname;
const demoSpec = new URL("../../examples/payments-api.yaml", import.meta.url).pathname;

// `icopilot mock SPEC --port 0`, which prints the URL it listens on first.
async function startMock() {
  const child = spawn(binary, ["mock", demoSpec, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let printed = "";
  child.stdout.on("data", (chunk) => (printed += chunk));
  const deadline = Date.now() + 10000;
  while (!/^listening on (\S+)/m.test(printed)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`icopilot mock did not start: ${printed}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: printed.match(/^listening on (\S+)/m)[1], stop: () => child.kill("SIGTERM") };
}

function run(options) {
  return new Promise((resolve, reject) => newman.run(options, (error, summary) => (error ? reject(error) : resolve(summary))));
}

test("the exported collection runs in newman against icopilot mock with no failed assertion", async () => {
  const server = await startServer();
  const mock = await startMock();
  try {
    const call = async (method, path, body) => {
      const response = await fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${server.partner.key}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, headers: response.headers, json: await response.json() };
    };
    const project = (await call("GET", "/api/v1/projects")).json.items[0].id;
    const versions = (await call("GET", `/api/v1/projects/${project}/specs`)).json.items;
    const { id: version, operation_count: operations } = versions.find((v) => v.label === "2026-11-15");
    // The partner's own case: a card payment that must be created, in euros.
    const saved = await call("POST", `/api/v1/projects/${project}/saved-cases`, {
      name: "card payment in euros",
      operation_id: "createPayment",
      spec_version_id: version,
      request: {
        headers: { "Idempotency-Key": "newman-0000000001" },
        body: JSON.stringify({ amount: 2000, currency: "EUR", card_token: "tok_visa_4242" }),
      },
      expected_status: 201,
      checks: { fields: [{ pointer: "/currency", equals: "EUR" }] },
    });
    assert.equal(saved.status, 201, JSON.stringify(saved.json));

    const collection = await call("GET", `/api/v1/projects/${project}/specs/${version}/postman/collection`);
    assert.equal(collection.status, 200);
    assert.match(collection.headers.get("content-disposition"), /filename="acme-payments-api\.postman_collection\.json"/);
    assert.equal(collection.json.info.schema, "https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
    const environment = await call("GET", `/api/v1/projects/${project}/specs/${version}/postman/environment?environment_id=mock`);
    assert.equal(environment.status, 200);
    const variables = Object.fromEntries(environment.json.values.map((v) => [v.key, v]));
    assert.match(variables.baseUrl.value, /\/mocks\/mck_\w+\/v1$/);
    assert.equal(variables.token.type, "secret");
    assert.equal(variables.token.value, "", "no secret leaves the server");

    const summary = await run({
      collection: collection.json,
      environment: environment.json,
      // The same spec served by `icopilot mock`, and any token (the mock checks its shape).
      envVar: [
        { key: "baseUrl", value: `${mock.url}/v1` },
        { key: "token", value: "newman-token" },
      ],
      reporters: [],
    });
    const failures = summary.run.failures.map((f) => `${f.source?.name}: ${f.error?.message}`);
    assert.deepEqual(failures, []);
    assert.equal(summary.run.stats.requests.total, operations + 1, "every operation and the saved case");
    assert.equal(summary.run.stats.assertions.total, operations + 2);
    assert.equal(summary.run.stats.assertions.failed, 0);
    const names = summary.run.executions.map((e) => e.item.name);
    assert.ok(names.includes("card payment in euros"), names.join(", "));
  } finally {
    mock.stop();
    await server.stop();
  }
});
