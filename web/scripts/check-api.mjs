// Fails when src/api/schema.ts is not what docs/openapi.yaml generates today, so that a change
// to the spec without `npm run gen:api` fails the test run instead of drifting from the portal.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));
const spec = join(web, '..', 'docs', 'openapi.yaml');
const committed = join(web, 'src', 'api', 'schema.ts');
const generator = join(web, 'node_modules', '.bin', 'openapi-typescript');

const scratch = mkdtempSync(join(tmpdir(), 'strata-schema-'));
let fresh;
try {
  const output = join(scratch, 'schema.ts');
  // The generator reports progress on stdout; only its errors are worth showing.
  execFileSync(generator, [spec, '--output', output], { stdio: ['ignore', 'ignore', 'inherit'] });
  fresh = readFileSync(output, 'utf8');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const current = existsSync(committed) ? readFileSync(committed, 'utf8') : '';
if (current !== fresh) {
  const want = fresh.split('\n');
  const have = current.split('\n');
  let line = 0;
  while (line < want.length && want[line] === have[line]) line += 1;
  console.error(
    `web/src/api/schema.ts is out of date with docs/openapi.yaml (first difference at line ${line + 1}).\n` +
      `Run \`npm run gen:api\` in web/ and commit web/src/api/schema.ts with the spec change.`,
  );
  process.exit(1);
}
