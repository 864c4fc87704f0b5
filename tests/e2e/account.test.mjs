// Accounts and organisations in Chromium: a team invitation by email and joining from its link,
// switching between organisations, password reset through the mailed link, organisation and brand
// settings with a logo, and API tokens, each screen checked with axe-core.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';

import {
  latestMailTo,
  linkIn,
  screenshotPath,
  seriousViolations,
  signUpByApi,
  startBrowser,
  startServer,
  watchErrors,
} from './lib/harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.stop();
  await server?.stop();
});

// 401s are how the portal learns nobody is signed in; failed form posts show beside the fields.
const unexpected = (errors) => errors.filter((e) => !/\b(400|401)\b/.test(e));

// A 2×2 PNG in one colour, made here so the test needs no image file.
function tinyPng() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = [0, 31, 111, 235, 31, 111, 235];
  const pixels = deflateSync(Buffer.from([...row, ...row]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a team invitation by email: the new member joins from the link with its role', async () => {
  const owner = await browser.newContext();
  await signUpByApi(owner, server.url, { email: 'olga@acme.example', name: 'Olga', org: 'Acme', kinds: ['vendor'] });
  const page = await owner.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/team`);
  await page.getByRole('heading', { name: 'No invitations waiting' }).waitFor();
  const form = page.getByRole('form', { name: 'Invite someone' });
  await form.getByLabel('Email').fill('vic@acme.example');
  await form.getByLabel('Role').selectOption('viewer');
  await form.getByLabel('Only these regions').fill('EMEA');
  await form.getByLabel('Only these regions').press('Enter');
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByText('has a link to join').waitFor();
  await page.getByRole('cell', { name: 'vic@acme.example', exact: true }).waitFor();
  await page.screenshot({ path: screenshotPath('team-owner'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);

  // Vic follows the mailed link and creates an account, which joins Acme.
  const mail = latestMailTo(server, 'vic@acme.example');
  assert.match(mail, /Subject: You are invited to join a team on Strata/);
  const vic = await browser.newContext();
  const vicPage = await vic.newPage();
  const vicErrors = watchErrors(vicPage);
  await vicPage.goto(linkIn(server, mail, '/join/'));
  await vicPage.getByRole('heading', { name: 'Join the team' }).waitFor();
  await vicPage.screenshot({ path: screenshotPath('join') });
  assert.deepEqual(await seriousViolations(vicPage), []);
  await vicPage.getByLabel('Your name').fill('Vic');
  await vicPage.getByLabel('Work email').fill('vic@acme.example');
  await vicPage.locator('input[autocomplete="new-password"]').fill('correct horse battery');
  await vicPage.getByRole('button', { name: 'Create account and join' }).click();
  await vicPage.getByTestId('signed-in-as').getByText('Vic · Acme').waitFor();

  // A viewer sees the team but cannot invite, and has no audit log or tokens in its navigation.
  await vicPage.getByRole('link', { name: 'Team' }).click();
  await vicPage.getByTestId('member-vic@acme.example').getByText('EMEA').waitFor();
  assert.equal(await vicPage.getByRole('form', { name: 'Invite someone' }).count(), 0);
  assert.equal(await vicPage.getByRole('link', { name: 'Audit log' }).count(), 0);
  assert.equal(await vicPage.getByRole('link', { name: 'API tokens' }).count(), 0);

  // The owner makes Vic a member.
  await page.reload();
  await page.getByRole('button', { name: 'Change Vic' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Role').selectOption('member');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('member-vic@acme.example').getByText('Member').waitFor();
  assert.deepEqual(unexpected(errors), []);
  assert.deepEqual(unexpected(vicErrors), []);
});

test('someone in two organisations switches between them', async () => {
  const ben = await browser.newContext();
  await signUpByApi(ben, server.url, { email: 'ben@shop.example', name: 'Ben', org: 'Ben Shop', kinds: ['reseller'] });
  const globex = await browser.newContext();
  const created = await signUpByApi(globex, server.url, { email: 'gil@globex.example', name: 'Gil', org: 'Globex', kinds: ['vendor'] });
  const invited = await globex.request.post(`${server.url}/api/v1/member-invitations`, {
    headers: { 'X-CSRF-Token': created.csrf_token },
    data: { email: 'ben@shop.example', role: 'manager' },
  });
  assert.equal(invited.status(), 201);

  const page = await ben.newPage();
  const errors = watchErrors(page);
  await page.goto(linkIn(server, latestMailTo(server, 'ben@shop.example'), '/join/'));
  await page.getByRole('button', { name: 'Accept the invitation' }).click();
  await page.getByTestId('signed-in-as').getByText('Ben · Globex').waitFor();
  const switcher = page.getByLabel('Organisation');
  await switcher.selectOption({ label: 'Ben Shop' });
  await page.getByTestId('signed-in-as').getByText('Ben · Ben Shop').waitFor();
  await page.screenshot({ path: screenshotPath('org-switcher') });
  assert.deepEqual(unexpected(errors), []);
});

test('a forgotten password is reset through the mailed link', async () => {
  const ann = await browser.newContext();
  await signUpByApi(ann, server.url, { email: 'ann@reset.example', name: 'Ann', org: 'Reset Co', kinds: ['reseller'] });
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  // The screen loads on first visit: wait for it before typing.
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  await page.getByLabel('Email').fill('ann@reset.example');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await page.getByText('Check your inbox').waitFor();
  assert.deepEqual(await seriousViolations(page), []);

  await page.goto(linkIn(server, latestMailTo(server, 'ann@reset.example'), '/reset-password?token='));
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  const [first, second] = await page.locator('input[autocomplete="new-password"]').all();
  await first.fill('password123');
  await second.fill('password123');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.getByText('too common', { exact: false }).or(page.getByText('at least', { exact: false })).first().waitFor();
  await page.screenshot({ path: screenshotPath('reset-password-error') });
  assert.deepEqual(await seriousViolations(page), []);
  await first.fill('a much better passphrase');
  await second.fill('a much better passphrase');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.getByRole('heading', { name: 'Password changed' }).waitFor();

  // The old session has ended; the new password signs in.
  const stale = await ann.request.get(`${server.url}/api/v1/me`);
  assert.equal(stale.status(), 401);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill('ann@reset.example');
  await page.getByLabel('Password').first().fill('a much better passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').getByText('Ann · Reset Co').waitFor();
  assert.deepEqual(unexpected(errors), []);
});

test('a signed-in person changes the password, which signs out every other session', async () => {
  const laptop = await browser.newContext();
  await signUpByApi(laptop, server.url, { email: 'cho@change.example', name: 'Cho', org: 'Change Co', kinds: ['vendor'] });
  // The same person, signed in on a phone too.
  const phone = await browser.newContext();
  const login = await phone.request.post(`${server.url}/api/v1/auth/login`,
    { data: { email: 'cho@change.example', password: 'correct horse battery' } });
  assert.equal(login.status(), 200);

  const page = await laptop.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/`);
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByRole('menuitem', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel(/^New password/).fill('a much better passphrase');
  await page.getByLabel('Repeat the new password').fill('a much better passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('is not your current password').waitFor();
  await page.screenshot({ path: screenshotPath('account-password-error') });
  assert.deepEqual(await seriousViolations(page), []);

  await page.getByLabel('Current password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('You were signed out on every other device').waitFor();
  await page.screenshot({ path: screenshotPath('account-password-changed') });
  assert.deepEqual(await seriousViolations(page), []);

  // The phone's session has ended; this browser carries on, and the audit log records it.
  assert.equal((await phone.request.get(`${server.url}/api/v1/me`)).status(), 401);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('cell', { name: 'Changed a password' }).waitFor();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  assert.match(csv, /^at,actor_email,action,/);
  assert.match(csv, /cho@change\.example,user\.password_changed,/);
  assert.deepEqual(unexpected(errors), []);
});

test('an admin sets the brand and logo, and issues and revokes an API token', async () => {
  const owner = await browser.newContext();
  await signUpByApi(owner, server.url, { email: 'bea@brand.example', name: 'Bea', org: 'Brandco', kinds: ['vendor'] });
  const page = await owner.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/settings`);
  await page.getByRole('heading', { name: 'Organisation settings' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Brandco Networks');
  await page.getByLabel('Main colour').fill('#1f6feb');
  await page.getByLabel('Website').fill('not a website');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('must be an address starting with https://').waitFor();
  await page.getByLabel('Website').fill('https://brandco.example');
  await page.getByLabel('Sender name').fill('Brandco Channel');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Your partners see the new settings now.').waitFor();
  await page.getByTestId('signed-in-as').getByText('Bea · Brandco Networks').waitFor();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload a logo' }).click();
  await (await chooser).setFiles({ name: 'logo.png', mimeType: 'image/png', buffer: tinyPng() });
  await page.getByRole('img', { name: 'Logo of Brandco Networks' }).waitFor();
  await page.screenshot({ path: screenshotPath('settings'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);

  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.getByRole('heading', { name: 'No tokens yet' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('CRM sync');
  await page.getByLabel('Acts as').selectOption('viewer');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByTestId('new-token').textContent();
  assert.match(token, /^strata_[0-9a-f]{64}$/);
  await page.getByRole('cell', { name: 'CRM sync', exact: true }).waitFor();
  await page.screenshot({ path: screenshotPath('api-tokens'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);

  // The token works as a Bearer token until it is revoked.
  const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Revoke CRM sync' }).click();
  await page.getByText('Revoked').waitFor();
  const after = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(after.status, 401);
  assert.deepEqual(unexpected(errors), []);
});
