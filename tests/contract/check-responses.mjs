// Checks every exchange the C++ tests recorded (STRATA_CONTRACT_LOG/*.jsonl) against
// docs/openapi.yaml and prints a summary; exits 1 when any response breaks the contract.
// Usage: node check-responses.mjs LOG_FOLDER [SPEC]
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ContractChecker, loadSpec } from './contract.mjs';

const [folder, specPath = new URL('../../docs/openapi.yaml', import.meta.url).pathname] =
  process.argv.slice(2);
if (!folder) {
  console.error('usage: check-responses.mjs LOG_FOLDER [SPEC]');
  process.exit(2);
}

const checker = new ContractChecker(loadSpec(specPath));
const failures = new Map();  // problem -> first test that met it
let checked = 0;
let outside = 0;
const operationsSeen = new Set();

const files = readdirSync(folder).filter((name) => name.endsWith('.jsonl'));
for (const name of files) {
  const lines = createInterface({ input: createReadStream(join(folder, name)), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const exchange = JSON.parse(line);
    const { covered, problems } = checker.check(exchange);
    if (covered) {
      checked += 1;
      operationsSeen.add(checker.operationOf(exchange));
    } else {
      outside += 1;
    }
    for (const problem of problems) {
      if (!failures.has(problem)) failures.set(problem, `${exchange.test || name} (${exchange.method} ${exchange.target})`);
    }
  }
}

for (const [problem, where] of failures) console.error(`contract: ${problem}\n  first seen in ${where}`);
console.log(`contract: ${checked} responses checked against the spec ` +
  `(${operationsSeen.size} of ${checker.operations().length} operations), ${outside} outside it, ` +
  `${failures.size} distinct problems`);
const untested = checker.operations().filter((operation) => !operationsSeen.has(operation));
if (untested.length > 0) console.log(`contract: no test exercised ${untested.join(', ')}`);
process.exit(failures.size > 0 ? 1 : 0);
