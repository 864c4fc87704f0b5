// Deal registration in Chromium: a vendor's two resellers register the same customer moments
// apart through the portal's form; the vendor reviews them in registration order, sees the second
// conflict with the first and approves the first; the second reseller learns only that its deal
// is under review for a possible conflict, never with whom. The vendor's rules and direct
// pipeline pages, and the notifications bell, are checked too, each screen with axe-core.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  acceptInvitation,
  callApi,
  screenshotPath,
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


// Failed form posts and an import with rejected rows are answered 400, which Chromium logs.
const unexpected = (errors) => errors.filter((e) => !/\b400\b/.test(e));

const call = (...args) => callApi(server, ...args);

const acceptInvite = (context, principal, name) => acceptInvitation(server, context, principal, name);

// Registers a deal through the portal's form; answers the new deal's id.
async function registerDeal(page, { company, website, amount }, screenshots) {
  await page.goto(`${server.url}/deals/new`);
  await page.getByTestId('vendor-rules').waitFor();
  // A required field's name ends with its asterisk.
  await page.getByLabel(/^Company/).fill(company);
  await page.getByLabel(/^Website/).fill(website);
  await page.getByLabel(/^Country/).fill('US');
  await page.getByLabel(/^Contact name/).fill('Hank Scorpio');
  await page.getByLabel(/^Contact email/).fill('hank@globex.com');
  await page.getByRole('button', { name: 'Add a line' }).click();
  await page.getByLabel('SKU of line 1').fill('NET-48');
  await page.getByLabel('Quantity of line 1').fill('4');
  await page.getByLabel('Line total of line 1').fill(amount);
  await page.getByRole('button', { name: 'Use the lines’ total as the amount' }).click();
  await page.getByLabel(/^Private notes/).fill('Their CTO prefers us to the last supplier');
  if (screenshots) {
    await shootPage(page, 'deal-register-form');
    assert.deepEqual(await seriousViolations(page), []);
  }
  await page.getByRole('button', { name: 'Review and register' }).click();
  const review = page.getByRole('region', { name: 'Review before you register' });
  await review.waitFor();
  await review.getByText('Your private notes stay with').waitFor();
  if (screenshots) {
    await shootPage(page, 'deal-register-review');
    assert.deepEqual(await seriousViolations(page), []);
  }
  await review.getByRole('button', { name: 'Register', exact: true }).click();
  await page.waitForURL(/\/deals\/[^/]+$/);
  await page.getByRole('heading', { level: 1, name: company }).waitFor();
  return new URL(page.url()).pathname.split('/').pop();
}

test('two resellers register the same customer; the vendor sees the order and the conflict, the second partner only a notice', async () => {
  const vendor = await browser.newContext();
  const alpha = await browser.newContext();
  const beta = await browser.newContext();
  const vendorPrincipal = await signUpByApi(vendor, server.url, {
    email: 'owner@acme.example', name: 'Ann', org: 'Acme Networks', kinds: ['vendor'],
  });
  const alphaPrincipal = await signUpByApi(alpha, server.url, {
    email: 'owner@alpha.example', name: 'Ali', org: 'Alpha Resellers', kinds: ['reseller'],
  });
  const betaPrincipal = await signUpByApi(beta, server.url, {
    email: 'owner@beta.example', name: 'Bea', org: 'Beta Partners', kinds: ['reseller'],
  });

  // The vendor invites both resellers, who accept.
  for (const email of ['owner@alpha.example', 'owner@beta.example']) {
    await call(vendor, vendorPrincipal, 'POST', '/api/v1/relationships', { email, kind: 'reseller' });
  }
  await acceptInvite(alpha, alphaPrincipal, 'Acme Networks');
  await acceptInvite(beta, betaPrincipal, 'Acme Networks');

  // The vendor's rules: what a registration must give, shown on the partners' form.
  const vendorPage = await vendor.newPage();
  const vendorErrors = watchErrors(vendorPage);
  await vendorPage.goto(`${server.url}/deal-rules`);
  await vendorPage.getByRole('checkbox', { name: 'Contact email' }).check();
  await vendorPage.getByRole('button', { name: 'Save rules' }).click();
  await vendorPage.getByText('Rules saved').waitFor();
  await shootPage(vendorPage, 'deal-rules');
  assert.deepEqual(await seriousViolations(vendorPage), []);

  // Alpha and then Beta register the same customer, moments apart, through the portal's form.
  const alphaPage = await alpha.newPage();
  const betaPage = await beta.newPage();
  const alphaErrors = watchErrors(alphaPage);
  const betaErrors = watchErrors(betaPage);
  const alphaDeal = await registerDeal(alphaPage, { company: 'Globex Corporation', website: 'globex.com', amount: '48000' }, true);
  const betaDeal = await registerDeal(betaPage, { company: 'Globex Corp.', website: 'https://www.globex.com/', amount: '51000.50' });
  await alphaPage.getByText('Under review').first().waitFor();
  await shootPage(alphaPage, 'deal-partner-registered');
  assert.deepEqual(await seriousViolations(alphaPage), []);

  // The vendor's queue lists Alpha's registration first, Beta's second with a conflict.
  await vendorPage.goto(`${server.url}/deal-review`);
  const rows = vendorPage.getByTestId('review-row');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  const first = await rows.nth(0).innerText();
  const second = await rows.nth(1).innerText();
  assert.match(first, /^1\s/);
  assert.match(first, /Alpha Resellers/);
  assert.match(first, /Globex Corporation/);
  assert.match(second, /^2\s/);
  assert.match(second, /Beta Partners/);
  // Each lists the other as a possible conflict; Beta's is with registration #1, Alpha's.
  assert.match(second, /Conflict \d+%\s+with #1/i);
  assert.match(first, /Conflict \d+%\s+with #2/i);
  // Registration times carry microseconds, and order the queue.
  const times = [first, second].map((text) => text.match(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}/)?.[0]);
  assert.ok(times[0] && times[1] && times[0] <= times[1], `registration times out of order: ${times}`);
  await shootPage(vendorPage, 'deal-review-queue');
  assert.deepEqual(await seriousViolations(vendorPage), []);

  // The vendor opens Beta's registration: Alpha's, earlier, beside it, with score and reasons.
  await rows.nth(1).getByRole('link', { name: 'Globex Corp.' }).click();
  const conflicts = vendorPage.getByTestId('conflict-view');
  await conflicts.waitFor();
  await conflicts.getByText('Alpha Resellers').waitFor();
  await conflicts.getByText('Earlier').waitFor();
  const vendorView = await call(vendor, vendorPrincipal, 'GET', `/api/v1/deals/${betaDeal}`);
  assert.equal(vendorView.conflicts[0].deal_id, alphaDeal);
  const reasons = vendorView.conflicts.flatMap((conflict) => conflict.reasons);
  assert.ok(reasons.length > 0);
  await conflicts.getByText(reasons[0]).waitFor();
  await shootPage(vendorPage, 'deal-conflict-vendor');
  assert.deepEqual(await seriousViolations(vendorPage), []);

  // The vendor opens Alpha's registration from the comparison and approves it.
  await conflicts.getByRole('link', { name: 'Registration #1' }).click();
  await vendorPage.waitForURL(`${server.url}/deals/${alphaDeal}`);
  await vendorPage.getByRole('heading', { level: 1, name: 'Globex Corporation' }).waitFor();
  await vendorPage.getByRole('button', { name: 'Approve', exact: true }).click();
  await vendorPage.getByText('Approved', { exact: true }).first().waitFor();
  await vendorPage.getByText('Protected until (UTC)').waitFor();
  await shootPage(vendorPage, 'deal-approved-vendor');
  assert.deepEqual(await seriousViolations(vendorPage), []);

  // Beta sees its deal under review with a neutral notice, and nothing of Alpha's.
  await betaPage.goto(`${server.url}/deals/${betaDeal}`);
  const notice = betaPage.getByTestId('conflict-notice');
  await notice.waitFor();
  assert.equal((await notice.innerText()).trim(), 'Possible conflict — under vendor review');
  const betaText = await betaPage.locator('main').innerText();
  const betaHtml = await betaPage.content();
  for (const secret of ['Alpha Resellers', alphaDeal, ...reasons]) {
    assert.ok(!betaText.includes(secret) && !betaHtml.includes(secret), `Beta's page shows ${secret}`);
  }
  assert.doesNotMatch(betaText, /\d+\s?%/);
  assert.doesNotMatch(betaText, /score|Earlier/i);
  const betaView = JSON.stringify(await call(beta, betaPrincipal, 'GET', `/api/v1/deals/${betaDeal}`));
  assert.ok(!betaView.includes(alphaDeal) && !betaView.includes('Alpha Resellers'));
  await shootPage(betaPage, 'deal-partner-conflict-notice');
  assert.deepEqual(await seriousViolations(betaPage), []);

  // Beta's list of deals, filtered to this vendor, offers the same rows as CSV.
  await betaPage.getByRole('link', { name: 'All deals' }).click();
  await betaPage.getByTestId('deal-Globex Corp.').waitFor();
  const csvLink = betaPage.getByRole('link', { name: 'Download CSV' });
  assert.match(await csvLink.getAttribute('href'), /^\/api\/v1\/deals\/export\?side=own/);
  await shootPage(betaPage, 'deals-partner-list');
  assert.deepEqual(await seriousViolations(betaPage), []);

  assert.deepEqual(unexpected(vendorErrors), []);
  assert.deepEqual(unexpected(alphaErrors), []);
  assert.deepEqual(unexpected(betaErrors), []);
});

test('a partner hears of a decision through the bell, which leads to the deal', async () => {
  const vendor = await browser.newContext();
  const partner = await browser.newContext();
  const vendorPrincipal = await signUpByApi(vendor, server.url, {
    email: 'owner@umbrella.example', name: 'Una', org: 'Umbrella Systems', kinds: ['vendor'],
  });
  const partnerPrincipal = await signUpByApi(partner, server.url, {
    email: 'owner@gamma.example', name: 'Gil', org: 'Gamma Resellers', kinds: ['reseller'],
  });
  await call(vendor, vendorPrincipal, 'POST', '/api/v1/relationships', { email: 'owner@gamma.example', kind: 'reseller' });
  await acceptInvite(partner, partnerPrincipal, 'Umbrella Systems');
  const vendors = await call(partner, partnerPrincipal, 'GET', '/api/v1/vendors');
  const deal = await call(partner, partnerPrincipal, 'POST', '/api/v1/deals', {
    vendor_id: vendors.items[0].vendor.id,
    customer: { company: 'Soylent', website: 'soylent.com', country: 'US' },
    amount: { minor: 1500000, currency: 'USD' },
    submit: true,
  });
  await call(vendor, vendorPrincipal, 'POST', `/api/v1/deals/${deal.id}/decision`, { decision: 'approve' });

  const page = await partner.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/deals`);
  await page.getByTestId('deal-Soylent').waitFor();
  await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
  const menu = page.getByRole('menu');
  const item = menu.getByRole('menuitem', { name: /approved/i }).first();
  await item.waitFor();
  await page.screenshot({ path: screenshotPath('notifications-partner') });
  // axe is run with the menu closed: an open Mantine menu holds a focus sentinel of its own
  // (role="presentation", tabindex="-1") that axe counts against the menu's required children.
  await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
  await menu.waitFor({ state: 'hidden' });
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
  await item.click();
  await page.waitForURL(`${server.url}/deals/${deal.id}`);
  await page.getByRole('button', { name: 'Mark won' }).waitFor();
  // Opening it marked it read.
  await page.getByRole('button', { name: 'Notifications' }).waitFor();
  assert.deepEqual(unexpected(errors), []);
});

test('the vendor imports its direct pipeline: a file with wrong rows stores nothing and lists them', async () => {
  const vendor = await browser.newContext();
  await signUpByApi(vendor, server.url, {
    email: 'owner@initech.example', name: 'Bill', org: 'Initech', kinds: ['vendor'],
  });
  const page = await vendor.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/direct-pipeline`);
  await page.getByRole('heading', { name: 'No direct opportunities yet' }).waitFor();
  assert.deepEqual(await seriousViolations(page), []);

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose a CSV file to import' }).click();
  await (await chooser).setFiles({
    name: 'pipeline.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('company,website,country,amount,currency,owner\nGlobex,globex.com,US,12000,USD,Sam\n,nowhere.example,US,1,USD,Sam\nHooli,hooli.com,US,lots,USD,Sam\n'),
  });
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await alert.waitFor();
  const rejected = alert.getByRole('table', { name: 'Rejected rows' });
  assert.ok((await rejected.getByRole('row').count()) >= 3);
  await shootPage(page, 'direct-pipeline-rejected');
  assert.deepEqual(await seriousViolations(page), []);
  assert.equal(await page.getByTestId('opportunity-Globex').count(), 0);

  const retry = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose a CSV file to import' }).click();
  await (await retry).setFiles({
    name: 'pipeline.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('company,website,country,amount,currency,owner,external_id\nGlobex,globex.com,US,12000,USD,Sam,CRM-1\nHooli,hooli.com,US,9000.50,USD,Sam,CRM-2\n'),
  });
  await page.getByText('pipeline.csv: 2 created, 0 updated.').waitFor();
  await page.getByTestId('opportunity-Globex').waitFor();
  await page.getByTestId('opportunity-Hooli').getByText('$9,000.50').waitFor();
  await shootPage(page, 'direct-pipeline');
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(unexpected(errors), []);
});
