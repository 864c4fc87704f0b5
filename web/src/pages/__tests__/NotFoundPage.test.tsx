import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { renderAt } from '../../test/render';

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify({ title: 'Not ready', status: 503, detail: 'database down' }), {
          status: 503,
          headers: { 'Content-Type': 'application/problem+json' },
        }),
      ),
    ),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('pages', () => {
  it('shows the not-found page for an unknown route and links home', async () => {
    renderAt('/no/such/page');
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/no/such/page')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Back to home' }));
    expect(screen.getByRole('heading', { name: 'Welcome to Strata' })).toBeInTheDocument();
  });

  it('shows the server problem when the server is not ready', async () => {
    renderAt('/');
    expect(await screen.findByText('The server is not ready')).toBeInTheDocument();
    expect(screen.getByText('database down')).toBeInTheDocument();
  });
});
