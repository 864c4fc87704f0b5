import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { stubFetch } from '../../test/fetchStub';
import { VENDOR, VENDOR_RULES } from '../../test/deals';
import { renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

describe('DealRulesPage', () => {
  it('shows the rules and saves them with the threshold as a fraction and the minimum in minor units', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      'GET /api/v1/deal-rules': { status: 200, body: VENDOR_RULES },
      'PUT /api/v1/deal-rules': { status: 200, body: { ...VENDOR_RULES, updated_at: '2026-03-02T10:00:00Z' } },
    });
    renderAt('/deal-rules');
    const days = await screen.findByLabelText(/^Protection period/);
    expect(days).toHaveValue('90');
    expect(screen.getByRole('checkbox', { name: 'Customer website' })).toBeChecked();
    expect(screen.getByLabelText(/^Conflict threshold/)).toBeDisabled();

    await userEvent.clear(days);
    await userEvent.type(days, '120');
    await userEvent.click(screen.getByRole('switch', { name: /Approve registrations at once/ }));
    const threshold = screen.getByLabelText(/^Conflict threshold/);
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '75');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Contact email' }));
    await userEvent.click(screen.getByRole('switch', { name: 'Register only deals of a minimum size' }));
    await userEvent.type(screen.getByLabelText(/^Minimum deal size/), '10000');
    await userEvent.selectOptions(screen.getByLabelText('Currency'), 'EUR');
    await userEvent.click(screen.getByRole('switch', { name: 'Let partners ask' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save rules' }));

    expect(await screen.findByText('Rules saved')).toBeInTheDocument();
    const call = fetchMock.mock.calls.find(([url, init]) => url === '/api/v1/deal-rules' && init?.method === 'PUT');
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({
      protection_days: 120,
      auto_approve: true,
      auto_approve_max_score: 0.75,
      required_fields: ['customer.website', 'contact.email'],
      minimum_amount: { minor: 1000000, currency: 'EUR' },
      precheck_enabled: true,
      precheck_per_hour: 10,
    });
  });

  it('shows the server’s message next to the field', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      'GET /api/v1/deal-rules': { status: 200, body: VENDOR_RULES },
      'PUT /api/v1/deal-rules': {
        status: 400,
        body: { title: 'The request is not valid', status: 400, errors: { protection_days: 'must be 730 or less' } },
      },
    });
    renderAt('/deal-rules');
    await userEvent.click(await screen.findByRole('button', { name: 'Save rules' }));
    expect(await screen.findByText('must be 730 or less')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Protection period/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('is read-only for members', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: { ...VENDOR, role: 'member' } },
      '/api/v1/deal-rules': { status: 200, body: VENDOR_RULES },
    });
    renderAt('/deal-rules');
    expect(await screen.findByLabelText(/^Protection period/)).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save rules' })).not.toBeInTheDocument();
  });
});
