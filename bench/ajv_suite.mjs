// ajv 8 over the same copy of the JSON Schema Test Suite that tests/schema/suite_test.cc
// runs (required tests only, remotes served from disk), so the two pass counts compare.
// Prints "<draft> <passed> <total>" per draft.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default;
const AjvDraft4 = require("ajv-draft-04").default;

const suite = process.argv[2];
const drafts = [["draft4", AjvDraft4, "draft4"], ["draft2020-12", Ajv2020, "draft2020-12"]];

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".json"))
    .map((e) => path.join(dir, e.name)).sort();
}

function remotes(dir, base = "") {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...remotes(full, base + e.name + "/"));
    else if (e.name.endsWith(".json")) out.push(["http://localhost:1234/" + base + e.name, full]);
  }
  return out;
}

for (const [draft, Ajv, folder] of drafts) {
  let passed = 0, total = 0;
  for (const file of files(path.join(suite, "tests", folder))) {
    for (const group of JSON.parse(fs.readFileSync(file, "utf8"))) {
      const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
      for (const [uri, remote] of remotes(path.join(suite, "remotes"))) {
        try { ajv.addSchema(JSON.parse(fs.readFileSync(remote, "utf8")), uri); } catch { /* other drafts' remotes */ }
      }
      let validate = null;
      try { validate = ajv.compile(group.schema); } catch { validate = null; }
      for (const test of group.tests) {
        total++;
        let ok = false;
        try { ok = validate !== null && validate(test.data) === test.valid; } catch { ok = false; }
        if (ok) passed++;
      }
    }
  }
  console.log(`${draft} ${passed} ${total}`);
}
