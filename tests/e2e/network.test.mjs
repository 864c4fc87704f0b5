// The channel network in Chromium: a vendor invites a reseller by email; the reseller signs up
// from the mailed invitation, accepts and sees the vendor; a distributor authorises the reseller
// for a second vendor, and the reseller sees that vendor with its route.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

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

// Invites `email` as `kind` from the network page of `page`.
async function invite(page, email, kind) {
  await page.getByLabel('Email of a member').fill(email);
  await page.getByLabel('Invite as').selectOption({ label: kind });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByText('Invitation sent').waitFor();
}

test('invitations, acceptance and distributor authorisations reach the reseller', async () => {
  const vendor = await browser.newContext();
  const reseller = await browser.newContext();
  const distributor = await browser.newContext();
  const secondVendor = await browser.newContext();
  await signUpByApi(vendor, server.url, { email: 'owner@acme.example', name: 'Ann', org: 'Acme', kinds: ['vendor'] });
  await signUpByApi(distributor, server.url, { email: 'owner@dist.example', name: 'Dana', org: 'Distri', kinds: ['distributor'] });
  await signUpByApi(secondVendor, server.url, { email: 'owner@globex.example', name: 'Gil', org: 'Globex', kinds: ['vendor'] });

  // The vendor invites the reseller, who is not on Strata yet, by email.
  const vendorPage = await vendor.newPage();
  const errors = watchErrors(vendorPage);
  await vendorPage.goto(`${server.url}/network`);
  await vendorPage.getByRole('heading', { name: 'No relationships yet' }).waitFor();
  await invite(vendorPage, 'owner@resell.example', 'Reseller');
  await vendorPage.getByText('is not on Strata yet').waitFor();
  const pending = vendorPage.getByTestId('relationship-owner@resell.example');
  await pending.getByText('invited', { exact: true }).waitFor();
  await pending.getByText('not signed up yet').waitFor();
  await vendorPage.screenshot({ path: screenshotPath('network-vendor-invited'), fullPage: true });

  // The reseller follows the mailed link and signs up from it.
  const mail = latestMailTo(server, 'owner@resell.example');
  assert.match(mail, /Subject: Acme invites you to its channel on Strata/);
  const resellerPage = await reseller.newPage();
  const resellerErrors = watchErrors(resellerPage);
  await resellerPage.goto(linkIn(server, mail, '/signup?invitation='));
  await resellerPage.getByText('You were invited').waitFor();
  await resellerPage.getByLabel('Your name').fill('Rui');
  await resellerPage.getByLabel('Work email').fill('owner@resell.example');
  await resellerPage.locator('input[autocomplete="new-password"]').fill('correct horse battery');
  await resellerPage.getByLabel('Organisation name').fill('Resell Ltd');
  await resellerPage.getByLabel('Reseller / partner').check();
  await resellerPage.getByRole('button', { name: 'Create account' }).click();

  // It accepts and sees the vendor, directly, in its list and in the navigation.
  await resellerPage.waitForURL(`${server.url}/network`);
  await resellerPage.getByRole('button', { name: 'Accept relationship with Acme' }).click();
  await resellerPage.getByTestId('relationship-Acme').getByText('active').waitFor();
  await resellerPage.getByTestId('vendor-Acme').getByText('Direct').waitFor();

  // Globex supplies the distributor; the distributor brings the reseller on board.
  const globexPage = await secondVendor.newPage();
  await globexPage.goto(`${server.url}/network`);
  await invite(globexPage, 'owner@dist.example', 'Distributor');
  const distributorPage = await distributor.newPage();
  await distributorPage.goto(`${server.url}/network`);
  await distributorPage.getByRole('button', { name: 'Accept relationship with Globex' }).click();
  await distributorPage.getByTestId('relationship-Globex').getByText('active').waitFor();
  await invite(distributorPage, 'owner@resell.example', 'Reseller');
  await resellerPage.reload();
  await resellerPage.getByRole('button', { name: 'Accept relationship with Distri' }).click();
  await resellerPage.getByTestId('relationship-Distri').getByText('active').waitFor();

  // The distributor authorises the reseller for Globex.
  await distributorPage.reload();
  const saved = distributorPage.waitForResponse(
    (response) => response.url().endsWith('/authorizations') && response.status() === 200,
  );
  await distributorPage.getByLabel('Vendors Resell Ltd may sell').first().click();
  await distributorPage.getByRole('option', { name: 'Globex' }).click();
  await saved;
  await distributorPage.keyboard.press('Escape');

  // The reseller now sees both vendors, Globex through the distributor.
  await resellerPage.reload();
  await resellerPage.getByTestId('vendor-Globex').getByText('Through Distri').waitFor();
  await resellerPage.getByTestId('vendor-Acme').getByText('Direct').waitFor();
  const vendorsNav = resellerPage.getByRole('navigation', { name: 'Your vendors' });
  await vendorsNav.getByRole('link', { name: /Globex/ }).waitFor();
  await vendorsNav.getByRole('link', { name: /Acme/ }).waitFor();
  await vendorPage.reload();
  await vendorPage.getByTestId('relationship-Resell Ltd').getByText('active').waitFor();

  // The vendor gives the reseller a tier, which the reseller sees too.
  const tierSaved = vendorPage.waitForResponse(
    (response) => response.request().method() === 'PATCH' && response.status() === 200,
  );
  await vendorPage.getByRole('combobox', { name: 'Tier of Resell Ltd' }).fill('Gold');
  await vendorPage.getByRole('combobox', { name: 'Tier of Resell Ltd' }).press('Enter');
  await tierSaved;
  await resellerPage.reload();
  await resellerPage.getByTestId('relationship-Acme').getByText('Gold').waitFor();
  await resellerPage.screenshot({ path: screenshotPath('network-reseller'), fullPage: true });
  await distributorPage.screenshot({ path: screenshotPath('network-distributor'), fullPage: true });
  assert.deepEqual(await seriousViolations(resellerPage), []);
  assert.deepEqual(await seriousViolations(distributorPage), []);
  assert.deepEqual(errors, []);
  // The sign-up page asks who is signed in; nobody is, which the server answers with a 401.
  assert.deepEqual(resellerErrors.filter((e) => !e.includes('401')), []);

  // The vendor's audit log shows its invitation, and nothing of the others'.
  await vendorPage.getByRole('link', { name: 'Audit log' }).click();
  await vendorPage.getByRole('cell', { name: 'Sent an invitation' }).waitFor();
  assert.equal(await vendorPage.getByRole('cell', { name: 'Accepted an invitation' }).count(), 0);
  await vendorPage.screenshot({ path: screenshotPath('audit-vendor'), fullPage: true });
  assert.deepEqual(await seriousViolations(vendorPage), []);
});
