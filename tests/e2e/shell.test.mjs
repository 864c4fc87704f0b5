// The portal shell in Chromium: sign-up, the frame, the status page, dark mode, keyboard access
// and the not-found page, with no console errors and no serious axe-core violations.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { screenshotPath, seriousViolations, startBrowser, startServer, watchErrors } from './lib/harness.mjs';

let server;
let browser;
let context;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  context = await browser.newContext();
});

after(async () => {
  await browser?.stop();
  await server?.stop();
});

test('a visitor is sent to sign in, and the sign-in and sign-up screens are accessible', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Sign in to Strata' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.screenshot({ path: screenshotPath('login') });
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByRole('heading', { name: 'Create your account' }).waitFor();
  // Submitting nothing shows the server's messages beside the fields.
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('is not an email address').waitFor();
  await page.screenshot({ path: screenshotPath('signup-errors') });
  assert.deepEqual(await seriousViolations(page), []);
  // 401 from /api/v1/me is how the portal learns nobody is signed in; it is expected.
  assert.deepEqual(errors.filter((e) => !e.includes('401') && !e.includes('400')), []);
  await page.close();
});

test('signing up lands in the portal, whose home shows the server status', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/signup`);
  await page.getByLabel('Your name').fill('Ann Lee');
  await page.getByLabel('Work email').fill('ann@vendor.example');
  await page.locator('input[autocomplete="new-password"]').fill('correct horse battery');
  await page.getByLabel('Organisation name').fill('Acme Networks');
  await page.getByLabel('Vendor').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Network' }).waitFor();
  await page.getByRole('link', { name: 'Home' }).click();
  await page.getByTestId('server-version').waitFor();
  assert.match(await page.getByTestId('server-version').innerText(), /^strata \d+\.\d+\.\d+$/);
  assert.match(await page.getByTestId('signed-in-as').innerText(), /Ann Lee · Acme Networks/);
  await page.screenshot({ path: screenshotPath('home-light'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
  await page.close();
});

test('dark mode switches, persists across a reload and stays accessible', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.getByRole('button', { name: /Switch to dark mode/ }).click();
  await page.reload();
  await page.getByTestId('server-version').waitFor();
  assert.equal(await page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
  await page.screenshot({ path: screenshotPath('home-dark'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(errors, []);
  await page.getByRole('button', { name: /Switch to light mode/ }).click();
  await page.close();
});

test('keyboard users can skip to the content', async () => {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('server-version').waitFor();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  assert.equal(focused, 'Skip to main content');
  await page.close();
});

test('an unknown route shows the not-found page with a way home', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  const response = await page.goto(`${server.url}/no-such-page`);
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.screenshot({ path: screenshotPath('not-found'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByRole('link', { name: 'Back to home' }).click();
  await page.getByRole('heading', { name: 'Welcome to Strata' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  assert.deepEqual(errors, []);
  await page.close();
});
