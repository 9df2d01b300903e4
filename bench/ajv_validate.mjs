// ajv's side of bench/schema_validate.sh: the same schemas (GitHub's component schemas,
// compiled once, strict: false, with ajv-formats) and the same instance lines, parse
// included, first error (ajv's default). Prints "validations/s valid_count".
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats").default;

// With "--filter OUT.tsv": writes the lines whose schema ajv compiles (some of GitHub's
// use `nullable` without `type`, which ajv rejects) and exits, so both sides then run
// the same lines.
const [specPath, tsvPath, repsText, filterPath] = process.argv.slice(2).filter((a) => a !== "--filter");
const reps = Number(repsText);
const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
const ajv = new Ajv({ strict: false, allErrors: false });
addFormats(ajv);
ajv.addSchema({ components: spec.components }, "spec.json");
const lines = fs.readFileSync(tsvPath, "utf8").split("\n").filter(Boolean).map((line) => {
  const tab = line.indexOf("\t");
  return [line.slice(0, tab), line.slice(tab + 1)];
});
const compiled = new Map();
for (const [pointer] of lines) {
  if (compiled.has(pointer)) continue;
  try {
    compiled.set(pointer, ajv.getSchema("spec.json#" + pointer));
  } catch {
    compiled.set(pointer, null);
  }
}
if (process.argv.includes("--filter")) {
  const kept = lines.filter(([pointer]) => compiled.get(pointer));
  fs.writeFileSync(filterPath, kept.map(([p, t]) => `${p}\t${t}\n`).join(""));
  console.log(`${kept.length} ${lines.length}`);
  process.exit(0);
}
const validators = lines.map(([pointer]) => compiled.get(pointer));
let valid = 0;
const started = process.hrtime.bigint();
for (let rep = 0; rep < reps; rep++) {
  for (let i = 0; i < lines.length; i++) {
    const ok = validators[i](JSON.parse(lines[i][1]));
    if (ok && rep === 0) valid++;
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`${Math.round((lines.length * reps) / seconds)} ${valid}`);
