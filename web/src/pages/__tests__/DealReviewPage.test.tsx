import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { stubFetch } from '../../test/fetchStub';
import { DISTRI, DISTRIBUTOR, makeDeal, VENDOR } from '../../test/deals';
import { renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const OTHER_PARTNER = { id: 'r2', name: 'Other Reseller', kinds: ['reseller' as const] };

// Two registrations of the same customer as the vendor sees them: the second conflicts with the first.
const FIRST = makeDeal({
  id: 'dA',
  side: 'vendor',
  sequence: 1,
  private_notes: undefined,
  shared_fields: undefined,
  conflict_status: undefined,
  registered_at: '2026-03-01T09:15:02.000120Z',
  conflicts: [],
});
const SECOND = makeDeal({
  id: 'dB',
  side: 'vendor',
  sequence: 2,
  partner: OTHER_PARTNER,
  customer: { company: 'Globex Corp.', website: 'www.globex.com', country: 'US', region: '', address: '' },
  private_notes: undefined,
  shared_fields: undefined,
  conflict_status: undefined,
  registered_at: '2026-03-01T09:15:02.000345Z',
  conflicts: [
    {
      deal_id: 'dA',
      score: 0.93,
      reasons: ['same website domain globex.com', 'company names match after removing legal forms'],
      company: 'Globex Corporation',
      website: 'globex.com',
      country: 'US',
      status: 'submitted',
      partner: { id: 'r1', name: 'Resell Ltd', kinds: ['reseller'] },
      sequence: 1,
      registered_at: '2026-03-01T09:15:02.000120Z',
      earlier: true,
    },
    {
      direct_opportunity_id: 'o1',
      score: 0.61,
      reasons: ['similar company name'],
      company: 'Globex',
      status: 'open',
      owner: 'Sam Sales',
    },
  ],
});

describe('DealReviewPage', () => {
  it('lists the vendor’s queue in registration order with the conflict badge', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      '/api/v1/deals': { status: 200, body: { items: [FIRST, SECOND], next_cursor: 'next' } },
    });
    renderAt('/deal-review');
    const rows = await screen.findAllByTestId('review-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('1');
    expect(rows[0]).toHaveTextContent('2026-03-01 09:15:02.000120');
    expect(rows[0]).toHaveTextContent('Resell Ltd');
    expect(rows[0]).toHaveTextContent('None');
    expect(rows[1]).toHaveTextContent('2026-03-01 09:15:02.000345');
    expect(within(rows[1]).getByTestId('conflict-badge')).toHaveTextContent('Conflict 93%with #1, +1 more');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
      'href',
      '/api/v1/deals/export?side=vendor&status=submitted',
    );
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/v1/deals?side=vendor&status=submitted&'))).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('cursor=next'))).toBe(true);
  });

  it('switches between the vendor’s and the distributor’s queue for an organisation that is both', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: { ...VENDOR, org: { ...VENDOR.org, kinds: ['vendor', 'distributor'] } } },
      '/api/v1/deals': { status: 200, body: { items: [], next_cursor: null } },
    });
    renderAt('/deal-review');
    expect(await screen.findByRole('heading', { name: 'Nothing awaits your review' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Distributor' }));
    await screen.findByText(/registers a deal through you/);
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('side=distributor&status=submitted'))).toBe(true);
  });
});

describe('DealPage for the vendor', () => {
  it('puts the registration beside each conflict and records the decision', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      '/api/v1/deals/dB': { status: 200, body: SECOND },
      'POST /api/v1/deals/dB/decision': { status: 200, body: { ...SECOND, status: 'rejected', decision_reason: 'Resell Ltd was first' } },
    });
    renderAt('/deals/dB');
    const view = await screen.findByTestId('conflict-view');
    const table = within(view).getByRole('table');
    const header = within(table).getAllByRole('columnheader').map((cell) => cell.textContent);
    expect(header).toEqual(['Field', 'This registration', 'Registration #1', 'Direct opportunity']);
    const row = (label: string) =>
      within(within(table).getByRole('rowheader', { name: label }).closest('tr')!).getAllByRole('cell').map((c) => c.textContent);
    expect(row('Company')).toEqual(['Globex Corp.', 'Globex Corporation', 'Globex']);
    expect(row('Partner')).toEqual(['Other Reseller', 'Resell Ltd', 'Direct sales (Sam Sales)']);
    expect(row('Number')).toEqual(['#2', '#1', '—']);
    expect(row('Registered (UTC)')).toEqual(['2026-03-01 09:15:02.000345', '2026-03-01 09:15:02.000120', '—']);
    expect(row('Compared with this')).toEqual(['—', 'Earlier', '—']);
    expect(row('Match')).toEqual(['—', '93%', '61%']);
    expect(within(view).getByText('same website domain globex.com')).toBeInTheDocument();
    expect(within(view).getByRole('link', { name: 'Registration #1' })).toHaveAttribute('href', '/deals/dA');

    // Rejecting needs a reason, which the form asks for before sending anything.
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(screen.getByLabelText(/^Reason/)).toHaveAccessibleDescription(/Give the reason for rejecting/);
    expect(fetchMock.mock.calls.some(([url]) => url === '/api/v1/deals/dB/decision')).toBe(false);

    await userEvent.type(screen.getByLabelText(/^Reason/), 'Resell Ltd was first');
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(await screen.findByText('Reason given with the decision')).toBeInTheDocument();
    const call = fetchMock.mock.calls.find(([url]) => url === '/api/v1/deals/dB/decision');
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({ decision: 'reject', reason: 'Resell Ltd was first' });
  });

  it('grants a requested extension', async () => {
    const approved = makeDeal({
      side: 'vendor',
      status: 'approved',
      sequence: 1,
      private_notes: undefined,
      protected_until: '2026-06-01T09:15:02Z',
      extension: { status: 'requested', reason: 'Customer board meets in June', requested_at: '2026-05-20T10:00:00Z' },
    });
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      '/api/v1/deals/d1': { status: 200, body: approved },
      'POST /api/v1/deals/d1/extension': { status: 200, body: { ...approved, extension: { ...approved.extension!, status: 'granted' } } },
    });
    renderAt('/deals/d1');
    const panel = await screen.findByRole('region', { name: 'Extension asked for' });
    expect(panel).toHaveTextContent('Resell Ltd: “Customer board meets in June”');
    const days = screen.getByLabelText('Days to add');
    await userEvent.clear(days);
    await userEvent.type(days, '45');
    await userEvent.click(screen.getByRole('button', { name: 'Grant 45 days' }));
    expect(await screen.findByTestId('extension-state')).toHaveTextContent(/^Extension granted\. Asked 2026-05-20 10:00 UTC/);
    const call = fetchMock.mock.calls.find(([url]) => url === '/api/v1/deals/d1/extension');
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({ decision: 'grant', days: 45 });
  });
});

describe('DealPage for the partner and the distributor', () => {
  it('shows the partner only a neutral notice about a conflict', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: { ...VENDOR, org: OTHER_PARTNER } },
      '/api/v1/deals/dB': {
        status: 200,
        body: makeDeal({ id: 'dB', partner: OTHER_PARTNER, conflict_status: 'under_review' }),
      },
    });
    renderAt('/deals/dB');
    const notice = await screen.findByTestId('conflict-notice');
    expect(notice).toHaveTextContent(/^Possible conflict — under vendor review$/);
    expect(screen.queryByTestId('conflict-view')).not.toBeInTheDocument();
    expect(screen.getByRole('main')).not.toHaveTextContent(/\d+\s?%/);
    // The partner's own view: its private notes and what it may do.
    expect(screen.getByText('Margin is thin')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Withdraw' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
  });

  it('lists the timeline oldest first with the side and time', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: { ...VENDOR, org: OTHER_PARTNER } },
      '/api/v1/deals/d1': { status: 200, body: makeDeal() },
    });
    renderAt('/deals/d1');
    const timeline = await screen.findByTestId('deal-timeline');
    expect(timeline.textContent).toMatch(/Draft created.*Partner · Ann Lee · 2026-03-01 09:00 UTC.*Registered.*09:15 UTC/);
  });

  it('lets the distributor pass a registration on to the vendor', async () => {
    const awaiting = makeDeal({
      side: 'distributor',
      review_by: 'distributor',
      distributor: DISTRI,
      private_notes: undefined,
      shared_fields: undefined,
      conflict_status: 'under_review',
    });
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: DISTRIBUTOR },
      '/api/v1/deals/d1': { status: 200, body: awaiting },
      'POST /api/v1/deals/d1/decision': { status: 200, body: { ...awaiting, review_by: 'vendor' } },
    });
    renderAt('/deals/d1');
    expect(await screen.findByTestId('conflict-notice')).toHaveTextContent('Possible conflict — under vendor review');
    expect(screen.queryByText('Private notes')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Approve and pass on to Acme' }));
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: /Approve/ })).not.toBeInTheDocument());
    const call = fetchMock.mock.calls.find(([url]) => url === '/api/v1/deals/d1/decision');
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({ decision: 'approve' });
  });
});
