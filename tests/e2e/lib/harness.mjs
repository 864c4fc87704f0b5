// Starts the real strata server on a free port with a fresh data folder, and Debian's Chromium
// through playwright-core; stops both by PID afterwards.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../../..');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// With `allowPrivateWebhookTargets`, webhooks may go to loopback addresses, where a test's own
// receiver listens; without it the server refuses them, as it does by default.
export async function startServer({ allowPrivateWebhookTargets = false } = {}) {
  const binary = process.env.STRATA_BIN ?? join(repo, 'build/strata');
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run make first`);
  const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-'));
  const readyFile = join(dir, 'ready');
  const env = { ...process.env };
  delete env.STRATA_DB;
  if (process.env.STRATA_E2E_DB) env.STRATA_DB = process.env.STRATA_E2E_DB;
  env.STRATA_ALLOW_PRIVATE_WEBHOOK_TARGETS = allowPrivateWebhookTargets ? 'true' : 'false';
  const child = spawn(
    binary,
    ['serve', '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data'),
      '--web-dir', join(repo, 'web/dist'), '--ready-file', readyFile],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const deadline = Date.now() + 30_000;
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`strata serve exited: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`strata serve did not start within 30 s: ${stderr}`);
    }
    await sleep(50);
  }
  const address = readFileSync(readyFile, 'utf8').trim();
  return {
    url: `http://${address}`,
    dataDir: join(dir, 'data'),
    async stop() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Playwright gives the launched browser a fresh temporary profile of its own.
export async function startBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    // A fresh context per person: its own cookies, as a separate browser would have.
    newContext: () => browser.newContext({ viewport: { width: 1280, height: 800 } }),
    async stop() {
      await browser.close();
    },
  };
}

// Signs up through the API inside `context`, so that its cookie is the new session.
export async function signUpByApi(context, serverUrl, { email, name, org, kinds }) {
  const response = await context.request.post(`${serverUrl}/api/v1/auth/signup`, {
    data: { email, password: 'correct horse battery', name, org: { name: org, kinds } },
  });
  if (response.status() !== 201) throw new Error(`sign-up failed: ${await response.text()}`);
  return response.json();
}

// Collects console errors and uncaught page errors, which a test expects to stay empty.
export function watchErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return errors;
}

// Runs axe-core in the page; returns the serious and critical violations.
export async function seriousViolations(page) {
  // Evaluated through the browser's debugging protocol: the portal's Content-Security-Policy
  // (rightly) refuses injected script tags.
  await page.evaluate(readFileSync(join(here, '../node_modules/axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export function screenshotPath(name) {
  return join(here, '../screenshots', `${name}.png`);
}

// A full-page screenshot from the top, where the fixed header belongs.
export async function shootPage(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

// A request of the signed-in person in `context`, with the CSRF token a mutating one needs; the
// answer's JSON, or null for 204. Anything but 2xx throws.
export async function callApi(server, context, principal, method, path, data) {
  const response = await context.request.fetch(`${server.url}${path}`, {
    method,
    data,
    headers: { 'X-CSRF-Token': principal.csrf_token },
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

// The reseller in `context` accepts the invitation of the organisation named `upstreamName`.
export async function acceptInvitation(server, context, principal, upstreamName) {
  const { items } = await callApi(server, context, principal, 'GET', '/api/v1/relationships?limit=50');
  const invitation = items.find((r) => r.upstream.name === upstreamName && r.status === 'invited');
  if (!invitation) throw new Error(`no invitation from ${upstreamName}`);
  await callApi(server, context, principal, 'POST', `/api/v1/relationships/${invitation.id}/accept`);
}

// The newest message to `address` in the server's outbox, whole; '' when there is none.
export function latestMailTo(server, address) {
  const outbox = join(server.dataDir, 'outbox');
  if (!existsSync(outbox)) return '';
  // Message files are named by time-ordered ids.
  const names = readdirSync(outbox).filter((name) => name.endsWith('.eml')).sort().reverse();
  for (const name of names) {
    const text = readFileSync(join(outbox, name), 'utf8');
    if (text.includes(`\r\nTo: ${address}\r\n`)) return text;
  }
  return '';
}

// The mailed link whose path starts with `path`, pointed at this test's server (the server's
// public URL is not known before it picks its port).
export function linkIn(server, mail, path) {
  const match = mail.match(new RegExp(`https?://[^/\\s]+(${path.replace(/[?]/g, '\\?')}\\S*)`));
  if (!match) throw new Error(`no link to ${path} in:\n${mail}`);
  return `${server.url}${match[1]}`;
}
