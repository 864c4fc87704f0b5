// Tests of the contract checker itself: a response that breaks the spec must fail it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ContractChecker, loadSpec } from './contract.mjs';

const specPath = new URL('../../docs/openapi.yaml', import.meta.url).pathname;
const checker = new ContractChecker(loadSpec(specPath));
const problem = JSON.stringify({ type: 'urn:strata:problem:not-found', title: 'Not found', status: 404 });

test('a documented response passes', () => {
  const result = checker.check({
    method: 'GET', target: '/api/v1/version', status: 200,
    content_type: 'application/json', body: JSON.stringify({ name: 'strata', version: '0.1.0' }),
  });
  assert.deepEqual(result, { covered: true, problems: [] });
});

test('a body that breaks the schema fails', () => {
  const { problems } = checker.check({
    method: 'GET', target: '/api/v1/version', status: 200,
    content_type: 'application/json', body: JSON.stringify({ name: 'other' }),
  });
  assert.ok(problems.some((p) => p.includes('version')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('constant')), problems.join('\n'));
});

test('a field the spec does not describe fails', () => {
  const { problems } = checker.check({
    method: 'GET', target: '/api/v1/version', status: 200, content_type: 'application/json',
    body: JSON.stringify({ name: 'strata', version: '0.1.0', build_host: 'ci-7' }),
  });
  assert.ok(problems.some((p) => p.includes('build_host')), problems.join('\n'));
});

test('a status the spec does not list fails', () => {
  const { problems } = checker.check({
    method: 'GET', target: '/api/v1/version', status: 418,
    content_type: 'application/problem+json', body: problem,
  });
  assert.deepEqual(problems, ['GET /api/v1/version answered 418, which the spec does not list']);
});

test('a wrong content type fails', () => {
  const { problems } = checker.check({
    method: 'GET', target: '/api/v1/version', status: 200, content_type: 'text/html', body: undefined,
  });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /text\/html/);
});

test('path parameters match their template and literal segments win', () => {
  assert.equal(checker.operationOf({ method: 'GET', target: '/api/v1/relationships/0190a5b2?x=1' }),
    'GET /api/v1/relationships/{id}');
  assert.equal(checker.operationOf({ method: 'POST', target: '/api/v1/member-invitations/accept' }),
    'POST /api/v1/member-invitations/accept');
  assert.equal(checker.operationOf({ method: 'GET', target: '/app/network' }), null);
});

test('a problem outside the spec must still be a problem document', () => {
  assert.deepEqual(checker.check({
    method: 'GET', target: '/nowhere', status: 404, content_type: 'application/problem+json', body: problem,
  }).problems, []);
  const { problems } = checker.check({
    method: 'GET', target: '/nowhere', status: 404, content_type: 'application/problem+json',
    body: JSON.stringify({ error: 'no' }),
  });
  assert.ok(problems.length > 0);
});

test('the command fails on a log holding a broken response and names its test', () => {
  const folder = mkdtempSync(join(tmpdir(), 'contract-'));
  const line = (exchange) => `${JSON.stringify(exchange)}\n`;
  writeFileSync(join(folder, '1.jsonl'),
    line({ test: 'Good.One', method: 'GET', target: '/api/v1/version', status: 200,
      content_type: 'application/json', body: JSON.stringify({ name: 'strata', version: '1' }) }) +
    line({ test: 'Bad.One', method: 'GET', target: '/api/v1/version', status: 200,
      content_type: 'application/json', body: JSON.stringify({ name: 'strata' }) }));
  let failed = null;
  try {
    execFileSync(process.execPath, [new URL('./check-responses.mjs', import.meta.url).pathname, folder],
      { stdio: 'pipe' });
  } catch (error) {
    failed = error;
  }
  assert.ok(failed, 'the checker must exit non-zero');
  assert.equal(failed.status, 1);
  assert.match(failed.stderr.toString(), /Bad\.One/);
  assert.match(failed.stdout.toString(), /2 responses checked/);
});
