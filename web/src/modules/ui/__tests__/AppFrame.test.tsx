import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { SIGNED_IN, stubFetch } from '../../../test/fetchStub';
import { renderAt } from '../../../test/render';

beforeEach(() => {
  stubFetch({
    '/api/v1/me': { status: 200, body: SIGNED_IN },
    '/readyz': { status: 200, body: { status: 'ready', database: 'sqlite', schema_version: 3 } },
    '/api/v1/version': { status: 200, body: { name: 'strata', version: '0.1.0' } },
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('AppFrame', () => {
  it('has the landmarks, the navigation and a skip link', async () => {
    renderAt('/');
    expect(await screen.findByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Home' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Network' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Skip to main content' })).toHaveAttribute('href', '#main');
    expect(screen.getByTestId('signed-in-as')).toHaveTextContent('Ann Lee · Acme');
    expect(await screen.findByTestId('server-version')).toHaveTextContent('strata 0.1.0');
  });

  it('shows the deal screens by what the organisation is in the channel', async () => {
    renderAt('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(screen.getByRole('link', { name: 'Deal review' })).toHaveAttribute('href', '/deal-review');
    expect(screen.getByRole('link', { name: 'Deal rules' })).toHaveAttribute('href', '/deal-rules');
    expect(screen.getByRole('link', { name: 'Direct pipeline' })).toHaveAttribute('href', '/direct-pipeline');
    expect(nav).not.toHaveTextContent(/^Deals$/);
    expect(screen.queryByRole('link', { name: 'Deals' })).not.toBeInTheDocument();
  });

  it('shows a reseller its deals and no vendor screens', async () => {
    stubFetch({ '/api/v1/me': { status: 200, body: { ...SIGNED_IN, org: { ...SIGNED_IN.org, kinds: ['reseller'] } } } });
    renderAt('/');
    expect(await screen.findByRole('link', { name: 'Deals' })).toHaveAttribute('href', '/deals');
    expect(screen.queryByRole('link', { name: 'Deal review' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Direct pipeline' })).not.toBeInTheDocument();
  });

  it('switches between light and dark', async () => {
    renderAt('/');
    const toggle = await screen.findByRole('button', { name: 'Switch to dark mode' });
    await userEvent.click(toggle);
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
    expect(screen.getByRole('button', { name: 'Switch to light mode' })).toBeInTheDocument();
  });

  it('signs out on every device from the menu', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      '/api/v1/auth/logout-everywhere': { status: 204, body: null },
    });
    renderAt('/');
    await userEvent.click(await screen.findByRole('button', { name: 'Account' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Sign out on every device' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Strata' })).toBeInTheDocument();
    const posted = fetchMock.mock.calls.find(([path]) => path === '/api/v1/auth/logout-everywhere');
    expect(posted?.[1]).toMatchObject({ method: 'POST', headers: { 'X-CSRF-Token': 'csrf-1' } });
  });

  it('sends a visitor without a session to sign in', async () => {
    stubFetch({ '/api/v1/me': { status: 401, body: { title: 'Authentication required', status: 401 } } });
    renderAt('/network');
    expect(await screen.findByRole('heading', { name: 'Sign in to Strata' })).toBeInTheDocument();
  });
});
