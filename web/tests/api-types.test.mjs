// Nothing in the app calls an endpoint missing from the served OpenAPI document: the app's
// only client is typed by src/api/schema.d.ts (a call to an undocumented path or with a
// wrong body fails `tsc` in the build), and this test keeps that file equal to what the
// real server serves. After an API change: `npm run api-types -- URL/api/v1/openapi.json
// -o src/api/schema.d.ts`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";
import { startServer } from "./server.mjs";

test("the app's API types are the served document's", async () => {
  const server = await startServer();
  try {
    const response = await fetch(server.url + "/api/v1/openapi.json");
    assert.equal(response.status, 200);
    const generated = astToString(await openapiTS(await response.json()));
    const committed = readFileSync(new URL("../src/api/schema.d.ts", import.meta.url), "utf8");
    // The CLI adds a header comment; the declarations must match exactly.
    const body = (text) => text.slice(text.indexOf("export "));
    assert.equal(body(committed), body(generated), "src/api/schema.d.ts is stale: regenerate it");
  } finally {
    await server.stop();
  }
});
