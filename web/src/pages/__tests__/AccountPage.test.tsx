import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SIGNED_IN, stubFetch } from '../../test/fetchStub';
import { renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

async function fill(current: string, chosen: string, again = chosen) {
  await userEvent.type(await screen.findByLabelText(/Current password/), current);
  await userEvent.type(screen.getByLabelText(/^New password/), chosen);
  await userEvent.type(screen.getByLabelText(/Repeat the new password/), again);
  await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('AccountPage', () => {
  it('shows a wrong current password next to its field', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      '/api/v1/auth/password': {
        status: 400,
        body: { title: 'Invalid', status: 400, errors: { current_password: 'is not your current password' } },
      },
    });
    renderAt('/account');
    await fill('wrong one', 'a brand new passphrase');
    expect(await screen.findByText('is not your current password')).toBeInTheDocument();
    expect(screen.getByLabelText(/Current password/)).toHaveAccessibleDescription(/is not your current password/);
  });

  it('checks the two new passwords match before sending anything', async () => {
    const fetchMock = stubFetch({ '/api/v1/me': { status: 200, body: SIGNED_IN } });
    renderAt('/account');
    await fill('correct horse battery', 'a brand new passphrase', 'a different one');
    expect(await screen.findByText('does not match the new password')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([path]) => path === '/api/v1/auth/password')).toBe(false);
  });

  it('says the other sessions ended and keeps this one with its new CSRF token', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      '/api/v1/auth/password': { status: 200, body: { ...SIGNED_IN, csrf_token: 'csrf-2' } },
    });
    renderAt('/account');
    await fill('correct horse battery', 'a brand new passphrase');
    expect(await screen.findByText(/signed out on every other device/)).toBeInTheDocument();
    const posted = fetchMock.mock.calls.find(([path]) => path === '/api/v1/auth/password');
    expect(JSON.parse(String(posted?.[1]?.body))).toEqual({
      current_password: 'correct horse battery',
      new_password: 'a brand new passphrase',
    });
  });
});
