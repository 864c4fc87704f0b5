import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { stubFetch } from '../../test/fetchStub';
import { renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

describe('SignUpPage', () => {
  it('shows each field error next to its field', async () => {
    stubFetch({
      '/api/v1/auth/signup': {
        status: 400,
        body: {
          title: 'The request is not valid',
          status: 400,
          errors: { email: 'is not an email address', password: 'must be at least 10 characters' },
        },
      },
    });
    renderAt('/signup');
    await userEvent.type(screen.getByLabelText(/Work email/), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('is not an email address')).toBeInTheDocument();
    expect(screen.getByText('must be at least 10 characters')).toBeInTheDocument();
    expect(screen.getByLabelText(/Work email/)).toHaveAttribute('aria-invalid', 'true');
  });
});
