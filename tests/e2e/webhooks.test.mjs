// Webhooks in Chromium: an admin adds an endpoint pointing at a receiver this test runs on
// 127.0.0.1 (the server is started allowing private targets), copies the signing secret shown
// once, sends a test ping, and the receiver checks the Strata-Signature HMAC with that secret;
// the delivery log shows the 200. The receiver then answers 500: the log shows the code and the
// next attempt. A rotated secret signs the next ping and the old one no longer does. A URL that
// is not http(s) is refused next to the field. Each screen is checked with axe-core.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import {
  seriousViolations,
  shootPage,
  signUpByApi,
  startBrowser,
  startServer,
  watchErrors,
} from './lib/harness.mjs';

let server;
let browser;
let receiver;

// A system that receives webhooks: it keeps every request and answers with `status`.
function startReceiver() {
  const received = [];
  const state = { status: 200 };
  const http = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(state.status, { 'Content-Type': 'text/plain' });
      response.end(state.status < 300 ? 'ok' : 'down for maintenance');
    });
  });
  return new Promise((ready) => {
    http.listen(0, '127.0.0.1', () => {
      ready({
        url: `http://127.0.0.1:${http.address().port}/hooks/strata`,
        received,
        state,
        stop: () => new Promise((done) => http.close(done)),
      });
    });
  });
}

before(async () => {
  receiver = await startReceiver();
  server = await startServer({ allowPrivateWebhookTargets: true });
  browser = await startBrowser();
});

after(async () => {
  await browser?.stop();
  await server?.stop();
  await receiver?.stop();
});

const shoot = (page, name) => shootPage(page, `webhooks-${name}`);

// The refused URL is answered 400, which Chromium logs.
const unexpected = (errors) => errors.filter((e) => !/\b400\b/.test(e));

// The request number `count` (from 1) the receiver got, waiting up to 15 s for it.
async function nthDelivery(count) {
  const deadline = Date.now() + 15_000;
  while (receiver.received.length < count) {
    if (Date.now() > deadline) throw new Error(`the receiver got ${receiver.received.length} requests, not ${count}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  return receiver.received[count - 1];
}

// Whether `delivery` carries a Strata-Signature made with `secret`, as the page says to check it.
function signedWith(delivery, secret) {
  const parts = Object.fromEntries(delivery.headers['strata-signature'].split(',').map((part) => part.split('=')));
  assert.match(parts.t, /^\d+$/);
  assert.ok(Math.abs(Date.now() / 1000 - Number(parts.t)) < 300, 'the signature is fresh');
  const expected = createHmac('sha256', secret).update(`${parts.t}.`).update(delivery.body).digest('hex');
  return expected.length === parts.v1.length && timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}

test('an admin adds an endpoint, pings it, checks the signature and sees each answer in the log', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const principal = await signUpByApi(context, server.url, {
    email: 'owner@acme.example', name: 'Ann', org: 'Acme Networks', kinds: ['vendor'],
  });
  const page = await context.newPage();
  const errors = watchErrors(page);

  // The empty page says what webhooks do and how to check one.
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByRole('heading', { name: 'No webhook endpoints yet' }).waitFor();
  await page.getByText(/^Strata-Signature: t=<unix seconds>,v1=/).waitFor();
  await shoot(page, 'empty');
  assert.deepEqual(await seriousViolations(page), []);

  // A URL that is not http(s) is refused next to the field.
  const form = page.getByRole('form', { name: 'New endpoint' });
  const url = form.getByRole('textbox', { name: /^URL/ });
  await url.fill('ftp://127.0.0.1/hooks');
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await form.getByText(/http:\/\/ or https:\/\//).waitFor();
  assert.equal(await url.getAttribute('aria-invalid'), 'true');
  await shoot(page, 'url-refused');
  assert.deepEqual(await seriousViolations(page), []);

  // The endpoint for the receiver, for every event; its secret is shown once, with a copy button.
  await url.fill(receiver.url);
  await form.getByRole('textbox', { name: 'Description' }).fill('CRM sync');
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Copy the signing secret now' });
  await notice.waitFor();
  const secret = (await notice.getByTestId('webhook-secret').innerText()).trim();
  assert.match(secret, /^whsec_[0-9a-f]{64}$/);
  await notice.getByRole('button', { name: 'Copy the secret' }).click();
  await notice.getByRole('button', { name: 'Secret copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  const row = page.getByTestId(`endpoint-${receiver.url}`);
  await row.getByText('All events').waitFor();
  assert.equal(await row.getByRole('switch', { name: 'Active: CRM sync' }).isChecked(), true);
  await page.getByRole('heading', { name: 'Nothing sent yet' }).waitFor();
  await shoot(page, 'created');
  assert.deepEqual(await seriousViolations(page), []);

  // A test ping reaches the receiver, signed with the secret shown; the log shows the 200.
  await row.getByRole('button', { name: 'Send a test ping to CRM sync' }).click();
  const first = await nthDelivery(1);
  assert.equal(first.method, 'POST');
  assert.equal(first.url, '/hooks/strata');
  assert.equal(first.headers['content-type'], 'application/json');
  assert.equal(first.headers['strata-event'], 'ping');
  assert.ok(signedWith(first, secret), 'the signature verifies with the secret on screen');
  const event = JSON.parse(first.body.toString('utf8'));
  assert.equal(event.type, 'ping');
  assert.equal(event.org_id, principal.org.id);
  const delivered = page.getByTestId(`delivery-${first.headers['strata-delivery']}`);
  await delivered.getByText('Delivered').waitFor();
  await delivered.getByText('HTTP 200').waitFor();
  await row.getByText('HTTP 200').waitFor();

  // Revealed again, the secret is the same.
  await row.getByRole('button', { name: 'More actions for CRM sync' }).click();
  await page.getByRole('menuitem', { name: 'Reveal secret' }).click();
  const revealed = page.getByRole('dialog', { name: 'Signing secret' });
  assert.equal((await revealed.getByTestId('webhook-secret').innerText()).trim(), secret);
  await shoot(page, 'revealed');
  assert.deepEqual(await seriousViolations(page), []);
  await revealed.getByRole('button', { name: 'Done' }).click();
  await revealed.waitFor({ state: 'hidden' });

  // The receiver fails: the log shows the 500 and when Strata tries again.
  receiver.state.status = 500;
  await row.getByRole('button', { name: 'Send a test ping to CRM sync' }).click();
  const second = await nthDelivery(2);
  assert.ok(signedWith(second, secret));
  const retrying = page.getByTestId(`delivery-${second.headers['strata-delivery']}`);
  await retrying.getByText('Retrying').waitFor();
  await retrying.getByText('HTTP 500').waitFor();
  await retrying.getByText(/^Next attempt \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/).waitFor();
  await row.getByText('Retrying').waitFor();
  await shoot(page, 'log');
  assert.deepEqual(await seriousViolations(page), []);

  // A rotated secret signs the next delivery; the old one no longer does.
  receiver.state.status = 200;
  await row.getByRole('button', { name: 'More actions for CRM sync' }).click();
  await page.getByRole('menuitem', { name: 'Rotate secret' }).click();
  const confirm = page.getByRole('dialog', { name: 'Rotate the secret of CRM sync?' });
  await confirm.getByRole('button', { name: 'Rotate' }).click();
  const rotated = page.getByRole('dialog', { name: 'The new signing secret' });
  const newSecret = (await rotated.getByTestId('webhook-secret').innerText()).trim();
  assert.match(newSecret, /^whsec_[0-9a-f]{64}$/);
  assert.notEqual(newSecret, secret);
  await rotated.getByRole('button', { name: 'Done' }).click();
  await rotated.waitFor({ state: 'hidden' });
  await row.getByRole('button', { name: 'Send a test ping to CRM sync' }).click();
  const third = await nthDelivery(3);
  assert.ok(signedWith(third, newSecret));
  assert.ok(!signedWith(third, secret));
  await page.getByTestId(`delivery-${third.headers['strata-delivery']}`).getByText('Delivered').waitFor();

  assert.deepEqual(unexpected(errors), []);
  await context.close();
});
