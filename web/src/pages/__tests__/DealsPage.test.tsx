import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { stubFetch } from '../../test/fetchStub';
import { makeDeal, RESELLER, VENDORS } from '../../test/deals';
import { renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

describe('DealsPage', () => {
  it('lists the partner’s deals and downloads them with the same filters', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: RESELLER },
      '/api/v1/vendors': { status: 200, body: VENDORS },
      '/api/v1/deals': { status: 200, body: { items: [makeDeal()], next_cursor: null } },
    });
    renderAt('/deals');
    const row = await screen.findByTestId('deal-Globex Corporation');
    expect(within(row).getByRole('link', { name: 'Globex Corporation' })).toHaveAttribute('href', '/deals/d1');
    expect(row).toHaveTextContent('Under review');
    expect(row).toHaveTextContent('€12,500.50');

    await userEvent.selectOptions(screen.getByLabelText('Vendor'), 'v1');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'approved');
    await userEvent.type(screen.getByLabelText('Search customers'), 'glob');
    await vi.waitFor(() =>
      expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
        'href',
        '/api/v1/deals/export?side=own&status=approved&vendor_id=v1&q=glob',
      ),
    );
    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => url === '/api/v1/deals?side=own&status=approved&vendor_id=v1&q=glob&limit=50')).toBe(true),
    );
    expect(screen.getByRole('link', { name: 'Register a deal' })).toHaveAttribute('href', '/deals/new');
  });

  it('says what to do when there are no deals yet', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: RESELLER },
      '/api/v1/vendors': { status: 200, body: VENDORS },
      '/api/v1/deals': { status: 200, body: { items: [], next_cursor: null } },
    });
    renderAt('/deals');
    expect(await screen.findByRole('heading', { name: 'No deals yet' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Download CSV' })).not.toBeInTheDocument();
  });
});
