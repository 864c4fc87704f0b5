// A partner's own leads in Chromium: it imports a CSV export from a trade fair; a file with a
// wrong row is refused whole, with the row's line and reason; the corrected file is imported,
// with a column the server did not recognise mapped by hand and a repeated contact flagged. The
// partner then works one of its leads, gives it to a member and registers it as a deal with its
// vendor in one step. The vendor gets the registration and never sees the partner's leads. Each
// screen is checked with axe-core.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  acceptInvitation,
  callApi,
  seriousViolations,
  shootPage,
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

const shoot = (page, name) => shootPage(page, `own-leads-${name}`);

const call = (...args) => callApi(server, ...args);

// A trade fair's export: semicolons, German headers, a notes column the server does not know.
const HEADER = 'Firma;Ansprechpartner;E-Mail;Land;Notiz';
const ROWS = [
  'Initech GmbH;Bill Lumbergh;bill@initech.example;DE;Wants 40 switches',
  'Globex AG;Hank Scorpio;hank@globex.example;Switzerland;Visited the booth twice',
  'Initech Munich;Bill Lumbergh;bill@initech.example;DE;Same person, other office',
];
const csv = (rows) => Buffer.from(`${HEADER}\n${rows.join('\n')}\n`, 'utf8');

test('a partner imports its leads from CSV, works one and registers it with its vendor', async () => {
  const vendor = await browser.newContext();
  const partner = await browser.newContext();
  const vPrincipal = await signUpByApi(vendor, server.url, {
    email: 'owner@acme.example', name: 'Ann', org: 'Acme Networks', kinds: ['vendor'],
  });
  const pPrincipal = await signUpByApi(partner, server.url, {
    email: 'owner@pilot.example', name: 'Pia Partner', org: 'Pilot Resellers', kinds: ['reseller'],
  });
  await call(vendor, vPrincipal, 'POST', '/api/v1/relationships', { email: 'owner@pilot.example', kind: 'reseller' });
  await acceptInvitation(server, partner, pPrincipal, 'Acme Networks');

  const page = await partner.newPage();
  const errors = watchErrors(page);

  // From the empty inbox to the import.
  await page.goto(`${server.url}/leads`);
  await page.getByRole('heading', { name: 'No leads yet' }).waitFor();
  await page.getByRole('link', { name: 'Import CSV' }).first().click();
  await page.waitForURL(`${server.url}/leads/import`);
  await page.getByRole('heading', { name: /Step 1 of 3/ }).waitFor();
  await shoot(page, 'import-file');
  assert.deepEqual(await seriousViolations(page), []);

  // The file as exported: Globex's country is a name, not a code.
  await page.locator('input[type=file]').setInputFiles({ name: 'fair.csv', mimeType: 'text/csv', buffer: csv(ROWS) });
  const fields = page.getByRole('group', { name: 'Fields of a lead' });
  await fields.waitFor();
  assert.equal(await fields.getByRole('combobox', { name: /^Company/ }).inputValue(), 'Firma');
  assert.equal(await fields.getByRole('combobox', { name: 'Country' }).inputValue(), 'Land');
  assert.equal(await fields.getByRole('combobox', { name: 'Notes' }).inputValue(), '');
  await page.getByText('Not imported: Notiz').waitFor();
  await fields.getByRole('combobox', { name: 'Notes' }).selectOption('Notiz');
  const preview = page.getByRole('table', { name: 'The first rows, as they would be imported' });
  assert.match(await preview.getByRole('row').nth(1).innerText(), /Initech GmbH\s+Bill Lumbergh\s+bill@initech\.example\s+DE\s+Wants 40 switches/);
  await shoot(page, 'import-mapping');
  assert.deepEqual(await seriousViolations(page), []);

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /1 problem in fair\.csv/);
  const rejected = alert.getByRole('table', { name: 'Rejected rows' }).getByTestId('rejected-row');
  assert.equal(await rejected.count(), 1);
  assert.match(await rejected.first().innerText(), /^3\s+country\s+Land /);
  await shoot(page, 'import-rejected');
  assert.deepEqual(await seriousViolations(page), []);
  const untouched = await call(partner, pPrincipal, 'GET', '/api/v1/leads');
  assert.deepEqual(untouched.items, [], 'a refused file stored leads');

  // The corrected file.
  await page.getByRole('button', { name: 'Choose another file' }).click();
  await page.getByRole('heading', { name: /Step 1 of 3/ }).waitFor();
  const corrected = ROWS.map((row) => row.replace(';Switzerland;', ';CH;'));
  await page.locator('input[type=file]').setInputFiles({ name: 'fair.csv', mimeType: 'text/csv', buffer: csv(corrected) });
  await fields.getByRole('combobox', { name: 'Notes' }).selectOption('Notiz');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const report = page.getByRole('status').filter({ hasText: 'fair.csv:' });
  await report.waitFor();
  assert.match(await report.innerText(), /3 leads added, 1 of them a possible duplicate/);
  assert.match(await page.getByTestId('duplicate-row').innerText(), /^Line 4: like the row on line 2/);
  await shoot(page, 'import-report');
  assert.deepEqual(await seriousViolations(page), []);

  // The inbox holds them, as the partner's own; the notes came from the column mapped by hand.
  await page.getByRole('link', { name: 'See the leads' }).click();
  await page.waitForURL(`${server.url}/leads`);
  for (const company of ['Initech GmbH', 'Globex AG', 'Initech Munich']) {
    await page.getByTestId(`lead-${company}`).getByText('Own').waitFor();
  }
  await page.getByTestId('lead-Globex AG').getByRole('link', { name: 'Globex AG' }).click();
  await page.waitForURL(/\/leads\/[^/]+$/);
  const leadId = new URL(page.url()).pathname.split('/').pop();
  await page.getByRole('heading', { level: 1, name: 'Globex AG' }).waitFor();
  await page.getByText('Visited the booth twice').waitFor();

  // Pilot works it: contacted, then given to Pia.
  const progress = page.getByRole('region', { name: 'Progress' });
  assert.equal(await progress.getByRole('combobox', { name: 'Status' }).inputValue(), 'new');
  await progress.getByRole('combobox', { name: 'Status' }).selectOption('contacted');
  await progress.getByRole('button', { name: 'Save status' }).click();
  await progress.getByText('Status saved').waitFor();
  await progress.getByRole('combobox', { name: 'Assigned to' }).selectOption({ label: 'Pia Partner' });
  await page.getByRole('region', { name: 'Activities' }).getByText('Status: contacted').waitFor();
  assert.equal(await page.getByRole('region', { name: 'Pass to a partner' }).count(), 0);
  await shoot(page, 'own-lead');
  assert.deepEqual(await seriousViolations(page), []);

  // … and registers it with Acme in one step, the contact shared.
  await page.getByRole('button', { name: 'Register as deal' }).click();
  const convert = page.getByRole('region', { name: 'Register as a deal' });
  assert.equal(await convert.getByRole('combobox', { name: /^Vendor/ }).locator('option:checked').innerText(), 'Acme Networks');
  await convert.getByRole('textbox', { name: 'Amount' }).fill('18000');
  await convert.getByRole('button', { name: 'Register the deal' }).click();
  await page.waitForURL(/\/deals\/[^/]+$/);
  await page.getByRole('heading', { level: 1, name: 'Globex AG' }).waitFor();
  const dealId = new URL(page.url()).pathname.split('/').pop();
  const lead = await call(partner, pPrincipal, 'GET', `/api/v1/leads/${leadId}`);
  assert.equal(lead.deal_id, dealId);
  assert.equal(lead.assigned_user_id, pPrincipal.user.id);

  // Acme gets the registration, carried over from the lead, and none of Pilot's leads.
  const deal = await call(vendor, vPrincipal, 'GET', `/api/v1/deals/${dealId}`);
  assert.equal(deal.customer.company, 'Globex AG');
  assert.equal(deal.customer.country, 'CH');
  assert.equal(deal.contact.email, 'hank@globex.example');
  const vendorLeads = await call(vendor, vPrincipal, 'GET', '/api/v1/leads');
  assert.deepEqual(vendorLeads.items, []);
  const vPage = await vendor.newPage();
  await vPage.goto(`${server.url}/leads/${leadId}`);
  await vPage.getByRole('heading', { level: 1, name: 'Lead not found' }).waitFor();

  // The refused file is answered 400, which Chromium logs.
  assert.deepEqual(errors.filter((e) => !/\b400\b/.test(e)), []);
});
