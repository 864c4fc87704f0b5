// Writes docs/openapi.yaml as JSON for the C++ tests, which read the spec with Boost.JSON.
// Usage: node spec-to-json.mjs SPEC.yaml OUT.json
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const [input, output] = process.argv.slice(2);
writeFileSync(output, JSON.stringify(parse(readFileSync(input, 'utf8'))));
