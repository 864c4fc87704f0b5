import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SIGNED_IN, stubFetch } from '../../test/fetchStub';
import { renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

describe('pages', () => {
  it('shows the not-found page for an unknown route and links home', async () => {
    stubFetch({ '/api/v1/me': { status: 200, body: SIGNED_IN } });
    renderAt('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/no/such/page')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Back to home' }));
    expect(screen.getByRole('heading', { name: 'Welcome to Strata' })).toBeInTheDocument();
  });

  it('shows the server problem when the server is not ready', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      '/readyz': { status: 503, body: { title: 'Not ready', status: 503, detail: 'database down' } },
      '/api/v1/version': { status: 200, body: { name: 'strata', version: '0.1.0' } },
    });
    renderAt('/');
    expect(await screen.findByText('The server is not ready')).toBeInTheDocument();
    expect(screen.getByText('database down')).toBeInTheDocument();
  });
});
