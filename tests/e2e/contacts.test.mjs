// The contacts module in Chromium: a reseller imports a CSV whose address column the server does
// not recognise and two of whose phones cannot be read; maps the column, reads the report of the
// rejected rows, leaves the phones out and imports. Then erases one person and checks that an
// export finds nothing on them and that the address stays suppressed, as a hash only. Each
// screen is checked with axe-core.
import assert from 'node:assert/strict';
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

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.stop();
  await server?.stop();
});

const shoot = (page, name) => shootPage(page, `contacts-${name}`);

// Starting an import without an address column, and an import with rejected rows, are answered
// 400, which Chromium logs.
const unexpected = (errors) => errors.filter((e) => !/\b400\b/.test(e));

// Eight people; the phones on lines 4 and 7 (the header is line 1) cannot be read.
const CSV = [
  'Contact,Vorname,Firma,Phone',
  'anna@example.com,Anna,Acme,+49 30 1234561',
  'ben@example.com,Ben,Acme,+49 30 1234562',
  'carla@example.com,Carla,Globex,call me',
  'dirk@example.com,Dirk,Globex,+49 30 1234564',
  'eva@example.com,Eva,Initech,+49 30 1234565',
  'fritz@example.com,Fritz,Initech,n/a',
  'greta@example.com,Greta,Umbrella,+49 30 1234567',
  'hans@example.com,Hans,Umbrella,+49 30 1234568',
].join('\r\n') + '\r\n';

test('a reseller imports contacts after correcting the mapping, then erases one person', async () => {
  const context = await browser.newContext();
  await signUpByApi(context, server.url, {
    email: 'owner@resell.example', name: 'Rita', org: 'Resell GmbH', kinds: ['reseller'],
  });
  const page = await context.newPage();
  const errors = watchErrors(page);

  // The contacts screen, empty, offers the import.
  await page.goto(`${server.url}/`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
  await page.getByRole('heading', { name: 'No contacts yet' }).waitFor();
  await shoot(page, 'empty');
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByRole('main').getByRole('link', { name: 'Import contacts' }).first().click();
  await page.waitForURL(/\/contacts\/import$/);

  // Step 1: the file.
  await page.locator('input[type=file]').setInputFiles({
    name: 'kontakte.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8'),
  });
  await page.getByRole('heading', { name: /Step 2 of 3/ }).waitFor();
  await page.getByText('read as').waitFor();
  assert.match(await page.getByText('read as').innerText(), /comma/);

  // The suggestion has no address column: the start call says so, next to the columns.
  const contactColumn = page.getByLabel('Column “Contact”');
  assert.notEqual(await contactColumn.inputValue(), 'email');
  await shoot(page, 'import-mapping');
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const mappingError = page.getByTestId('mapping-error').first();
  await mappingError.waitFor();
  assert.match(await mappingError.innerText(), /email/i);
  await shoot(page, 'import-mapping-error');

  // The person maps the column to Email and imports: two phones cannot be read.
  await contactColumn.selectOption('email');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('Nothing was imported').waitFor({ timeout: 15_000 });
  const rejected = page.getByTestId('rejected-row');
  assert.equal(await rejected.count(), 2);
  const lines = await rejected.evaluateAll((rows) => rows.map((row) => row.cells[0].textContent));
  assert.deepEqual(lines, ['4', '7']);
  for (let i = 0; i < 2; i++) assert.match(await rejected.nth(i).innerText(), /phone/i);
  await shoot(page, 'import-rejected');
  assert.deepEqual(await seriousViolations(page), []);

  // The phones stay out; the same import starts again and completes.
  await page.getByRole('button', { name: 'Change the mapping and try again' }).click();
  assert.equal(await contactColumn.inputValue(), 'email');
  await page.getByLabel('Column “Phone”').selectOption('__skip');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('8 contacts created').waitFor({ timeout: 15_000 });
  await page.getByRole('heading', { name: 'Recent imports' }).waitFor();
  await shoot(page, 'import-completed');
  assert.deepEqual(await seriousViolations(page), []);

  // The contacts list shows the eight.
  await page.getByRole('link', { name: 'See the contacts' }).click();
  await page.waitForURL(/\/contacts$/);
  await page.getByTestId('contacts-total').waitFor();
  assert.match(await page.getByTestId('contacts-total').innerText(), /^8 contacts/);
  assert.equal(await page.getByTestId('contact-row').count(), 8);
  await page.getByRole('checkbox', { name: 'Select carla@example.com' }).check();
  await page.getByRole('toolbar', { name: 'Bulk actions' }).waitFor();
  await shoot(page, 'list');
  assert.deepEqual(await seriousViolations(page), []);

  // A list, filled from the table with a bulk action.
  await page.getByRole('link', { name: 'Lists & segments' }).click();
  await page.getByRole('heading', { name: 'No lists or segments yet' }).waitFor();
  await shoot(page, 'lists-empty');
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByRole('button', { name: 'New list' }).click();
  await page.getByRole('dialog').getByLabel(/^Name/).fill('Newsletter');
  await page.getByRole('dialog').getByRole('button', { name: 'Create the list' }).click();
  await page.getByRole('cell', { name: 'Newsletter', exact: true }).waitFor();
  await page.goto(`${server.url}/contacts`);
  await page.getByRole('checkbox', { name: 'Select anna@example.com' }).check();
  await page.getByRole('checkbox', { name: 'Select ben@example.com' }).check();
  await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Add to list' }).click();
  const bulkDialog = page.getByRole('dialog', { name: /Add to list: 2 contacts/ });
  await bulkDialog.waitFor();
  await bulkDialog.getByRole('button', { name: 'Add to list' }).click();
  await page.getByText('Add to list: 2 contacts changed.').waitFor();
  await page.goto(`${server.url}/contacts/lists`);
  const listRow = page.getByRole('row', { name: /Newsletter/ });
  await listRow.waitFor();
  assert.match(await listRow.innerText(), /\b2\b/);
  await shoot(page, 'lists');
  assert.deepEqual(await seriousViolations(page), []);
  await listRow.getByRole('link', { name: 'View contacts' }).click();
  await page.waitForURL(/list_id=/);
  await page.getByText(/^2 contacts/).waitFor();
  await page.goto(`${server.url}/contacts`);
  await page.getByTestId('contacts-total').waitFor();
  await page.getByRole('checkbox', { name: 'Select carla@example.com' }).waitFor();

  // A contact's own screen.
  await page.getByRole('link', { name: 'carla@example.com' }).click();
  await page.getByRole('heading', { level: 1, name: 'Carla' }).waitFor();
  await page.getByText('Consent history').waitFor();
  await shoot(page, 'detail');
  assert.deepEqual(await seriousViolations(page), []);

  // Privacy: Carla asks to be forgotten.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy' }).click();
  await page.getByRole('heading', { level: 1, name: 'Privacy' }).waitFor();
  await page.getByLabel(/^Email address/).fill('carla@example.com');
  await page.getByRole('button', { name: 'Erase', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase this person?' });
  await dialog.waitFor();
  const eraseButton = dialog.getByRole('button', { name: 'Erase for good' });
  assert.equal(await eraseButton.isDisabled(), true);
  await dialog.getByLabel('Type carla@example.com to confirm').fill('carla@example.com');
  await eraseButton.click();
  await page.getByTestId('erase-summary').waitFor();
  assert.match(await page.getByTestId('erase-summary').innerText(), /1 contact deleted/);
  assert.match(await page.getByTestId('erase-summary').innerText(), /now suppressed/);

  // An export of the same address finds nobody, only the suppression kept as a hash.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByTestId('export-summary').waitFor();
  assert.match(await page.getByTestId('export-counts').innerText(), /^0 contacts/);
  assert.match(await page.getByTestId('export-suppression').first().innerText(), /address erased, hash kept/);
  await page.getByRole('cell', { name: 'Erasure' }).waitFor();
  await shoot(page, 'privacy');
  assert.deepEqual(await seriousViolations(page), []);

  // The suppression list has the erased entry, without the address.
  await page.goto(`${server.url}/suppressions`);
  const entries = page.getByTestId('suppression-row');
  await entries.first().waitFor();
  assert.equal(await entries.count(), 1);
  const entry = await entries.first().innerText();
  assert.match(entry, /erased/i);
  assert.doesNotMatch(entry, /carla/);
  await shoot(page, 'suppressions');
  assert.deepEqual(await seriousViolations(page), []);

  // Seven remain.
  await page.goto(`${server.url}/contacts`);
  await page.getByTestId('contacts-total').waitFor();
  assert.match(await page.getByTestId('contacts-total').innerText(), /^7 contacts/);

  assert.deepEqual(unexpected(errors), []);
  await context.close();
});
