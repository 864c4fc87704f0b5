import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { renderAt } from '../../../test/render';

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string) =>
      Promise.resolve(
        new Response(
          JSON.stringify(
            path === '/readyz'
              ? { status: 'ready', database: 'sqlite', schema_version: 1 }
              : { name: 'strata', version: '0.1.0' },
          ),
          { status: 200, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    ),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('AppFrame', () => {
  it('has the landmarks, the navigation and a skip link', async () => {
    renderAt('/');
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Home' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Skip to main content' })).toHaveAttribute('href', '#main');
    expect(await screen.findByTestId('server-version')).toHaveTextContent('strata 0.1.0');
  });

  it('switches between light and dark', async () => {
    renderAt('/');
    const toggle = screen.getByRole('button', { name: 'Switch to dark mode' });
    await userEvent.click(toggle);
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
    expect(screen.getByRole('button', { name: 'Switch to light mode' })).toBeInTheDocument();
  });
});
