// The portal shell in Chromium: it renders, talks to the API, has no console errors, passes
// axe-core in light and dark, and shows the not-found page for unknown routes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { screenshotPath, seriousViolations, startBrowser, startServer, watchErrors } from './lib/harness.mjs';

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

test('the home page renders the frame and the server status without errors', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Welcome to Strata' }).waitFor();
  await page.getByTestId('server-version').waitFor();
  assert.match(await page.getByTestId('server-version').innerText(), /^strata \d+\.\d+\.\d+$/);
  assert.ok(await page.getByRole('navigation', { name: 'Main' }).isVisible());
  assert.ok(await page.getByText('Ready', { exact: true }).isVisible());
  await page.screenshot({ path: screenshotPath('home-light'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('dark mode switches, persists across a reload and stays accessible', async () => {
  const page = await browser.context.newPage();
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
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.getByTestId('server-version').waitFor();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  assert.equal(focused, 'Skip to main content');
  await page.close();
});

test('an unknown route shows the not-found page with a way home', async () => {
  const page = await browser.context.newPage();
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
