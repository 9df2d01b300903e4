// Best of N dereferences of one document by @apidevtools/swagger-parser, in a warm node
// process (one untimed warm-up run first). Prints milliseconds.
import SwaggerParser from '@apidevtools/swagger-parser';

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
await SwaggerParser.dereference(file);
let best = Infinity;
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  await SwaggerParser.dereference(file);
  best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
}
console.log(best.toFixed(1));
