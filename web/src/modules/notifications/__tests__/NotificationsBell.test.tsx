import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Notification } from '../api';
import { SIGNED_IN, stubFetch } from '../../../test/fetchStub';
import { makeDeal } from '../../../test/deals';
import { renderAt } from '../../../test/render';

afterEach(() => vi.unstubAllGlobals());

const UNREAD = {
  id: 'n1',
  kind: 'deal.registered',
  title: 'Resell Ltd registered Globex Corporation',
  deal_id: 'd1',
  lead_id: null,
  created_at: '2026-03-01T09:15:03Z',
  read_at: null,
} satisfies Notification;
const READ = { ...UNREAD, id: 'n0', title: 'Older news', deal_id: null, read_at: '2026-02-01T00:00:00Z' } satisfies Notification;
const LEAD = {
  ...UNREAD, id: 'n2', kind: 'lead.offered', title: 'New lead from Acme: Initech', deal_id: null, lead_id: 'l1',
} satisfies Notification;

function stub() {
  return stubFetch({
    '/api/v1/me': { status: 200, body: SIGNED_IN },
    '/api/v1/notifications': { status: 200, body: { items: [UNREAD, READ, LEAD], next_cursor: null, unread: 3 } },
    '/api/v1/notifications/read': { status: 200, body: { marked: 1 } },
    '/api/v1/deals/d1': { status: 200, body: makeDeal({ side: 'vendor', private_notes: undefined }) },
  });
}

describe('NotificationsBell', () => {
  it('shows the unread count and asks for unread notifications', async () => {
    const fetchMock = stub();
    renderAt('/network');
    expect(await screen.findByRole('button', { name: 'Notifications, 3 unread' })).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/v1/notifications?unread=true&limit='))).toBe(true);
  });

  it('opens a notification’s deal and marks it read', async () => {
    const fetchMock = stub();
    renderAt('/network');
    await userEvent.click(await screen.findByRole('button', { name: 'Notifications, 3 unread' }));
    // jsdom lays nothing out, so the menu's positioning soon hides it as if it were off screen.
    const item = await screen.findByRole('menuitem', { name: /Resell Ltd registered Globex Corporation/, hidden: true });
    expect(item).toHaveAttribute('href', '/deals/d1');
    expect(item).toHaveTextContent('Unread:');
    expect(screen.getByRole('menuitem', { name: /Older news/, hidden: true })).not.toHaveTextContent('Unread:');
    await userEvent.click(item);
    expect(await screen.findByRole('heading', { name: 'Globex Corporation', level: 1 })).toBeInTheDocument();
    const call = fetchMock.mock.calls.find(([url]) => url === '/api/v1/notifications/read');
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({ ids: ['n1'] });
  });

  it('leads to the lead a notification names', async () => {
    stub();
    renderAt('/network');
    await userEvent.click(await screen.findByRole('button', { name: 'Notifications, 3 unread' }));
    const item = await screen.findByRole('menuitem', { name: /New lead from Acme: Initech/, hidden: true });
    expect(item).toHaveAttribute('href', '/leads/l1');
    expect(screen.getByRole('menuitem', { name: /Older news/, hidden: true })).not.toHaveAttribute('href');
  });

  it('marks every notification read', async () => {
    const fetchMock = stub();
    renderAt('/network');
    await userEvent.click(await screen.findByRole('button', { name: 'Notifications, 3 unread' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Mark all read', hidden: true }));
    await vi.waitFor(() => expect(fetchMock.mock.calls.some(([url]) => url === '/api/v1/notifications/read')).toBe(true));
    const call = fetchMock.mock.calls.find(([url]) => url === '/api/v1/notifications/read');
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({ all: true });
  });

  it('polls every minute', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const fetchMock = stub();
      renderAt('/network');
      await screen.findByRole('button', { name: 'Notifications, 3 unread' });
      const asked = () => fetchMock.mock.calls.filter(([url]) => String(url).includes('unread=true')).length;
      const before = asked();
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(() => expect(asked()).toBe(before + 1));
    } finally {
      vi.useRealTimers();
    }
  });
});
