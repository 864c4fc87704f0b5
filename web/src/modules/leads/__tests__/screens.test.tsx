import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { RESELLER, VENDOR, VENDORS } from '../../../test/deals';
import { stubFetch } from '../../../test/fetchStub';
import { makeLead, offeredLead, ROUTING, STATS } from '../../../test/leads';
import { renderAt } from '../../../test/render';

afterEach(() => vi.unstubAllGlobals());

const bodyOf = (fetchMock: ReturnType<typeof stubFetch>, method: string, path: string) => {
  const call = fetchMock.mock.calls.find(([url, init]) => String(url).split('?')[0] === path && init?.method === method);
  return call ? JSON.parse(String(call[1]?.body)) : undefined;
};

describe('the lead form', () => {
  it('shows what is missing next to each field and sends nothing', async () => {
    const fetchMock = stubFetch({ '/api/v1/me': { status: 200, body: VENDOR } });
    renderAt('/leads/new');
    await userEvent.click(await screen.findByRole('button', { name: 'Add lead' }));
    expect(await screen.findByText('Give the company')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^Company/ })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: /^Country/ })).toHaveAccessibleDescription(
      expect.stringContaining('Give the country as a two-letter code'));
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
  });

  it('puts the server’s messages next to their fields', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      'POST /api/v1/leads': {
        status: 400,
        body: { title: 'check the highlighted fields', status: 400,
          errors: [{ field: 'contact.phone', message: 'is not a phone number' }, { field: 'region', message: 'must be one of your regions: EMEA' }] },
      },
    });
    renderAt('/leads/new');
    await userEvent.type(await screen.findByRole('textbox', { name: /^Company/ }), 'Initech');
    await userEvent.type(screen.getByRole('textbox', { name: /^Contact name/ }), 'Bill');
    await userEvent.type(screen.getByRole('textbox', { name: /^Contact phone/ }), '+49 30 123456');
    await userEvent.type(screen.getByRole('textbox', { name: /^Country/ }), 'de');
    await userEvent.type(screen.getByRole('textbox', { name: /^Region/ }), 'Bavaria');
    await userEvent.click(screen.getByRole('button', { name: 'Add lead' }));
    expect(await screen.findByText('is not a phone number')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^Contact phone/ })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: /^Region/ })).toHaveAccessibleDescription(
      expect.stringContaining('must be one of your regions: EMEA'));
    expect(screen.getByRole('textbox', { name: /^Country/ })).toHaveValue('DE');
  });

  it('adds the lead and opens it', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      'POST /api/v1/leads': { status: 201, body: makeLead() },
      '/api/v1/leads/l1': { status: 200, body: makeLead() },
      '/api/v1/lead-routing': { status: 200, body: ROUTING },
    });
    renderAt('/leads/new');
    await userEvent.type(await screen.findByRole('textbox', { name: /^Company/ }), 'Initech');
    await userEvent.type(screen.getByRole('textbox', { name: /^Contact email/ }), 'bill@initech.example');
    await userEvent.type(screen.getByRole('textbox', { name: /^Country/ }), 'DE');
    await userEvent.click(screen.getByRole('button', { name: 'Add lead' }));
    // The lead's page loads lazily, which takes a while on a busy machine.
    expect(await screen.findByRole('heading', { level: 1, name: 'Initech' }, { timeout: 20_000 })).toBeInTheDocument();
    expect(bodyOf(fetchMock, 'POST', '/api/v1/leads')).toEqual({
      company: 'Initech', contact: { name: '', email: 'bill@initech.example', phone: '' }, country: 'DE',
    });
    expect(await screen.findByRole('option', { name: 'Let the routing rules choose' }, { timeout: 10_000 })).toBeInTheDocument();
  });
});

describe('the inbox', () => {
  it('shows who sent each lead, the time left to answer, and declines with a reason', async () => {
    const due = new Date(Date.now() + (2 * 60 + 30) * 60_000 + 20_000).toISOString();
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: RESELLER },
      '/api/v1/vendors': { status: 200, body: VENDORS },
      '/api/v1/leads': { status: 200, body: { items: [offeredLead(due), makeLead({ id: 'l2', company: 'Hooli' })], next_cursor: null } },
      'POST /api/v1/leads/l1/decline': { status: 200, body: { id: 'l1', offer_state: 'declined' } },
    });
    renderAt('/leads');
    const row = await screen.findByTestId('lead-Initech');
    expect(within(row).getByText('Acme')).toBeInTheDocument();
    expect(within(row).getByTestId('sla-countdown')).toHaveTextContent('Answer within 2 h 30 min');
    expect(within(row).getByTestId('sla-countdown')).toHaveAttribute('data-tone', 'warning');
    expect(within(screen.getByTestId('lead-Hooli')).getByText('Own')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/v1/leads?format=csv');

    await userEvent.click(within(row).getByRole('button', { name: 'Decline the lead Initech' }));
    const dialog = await screen.findByRole('dialog', { name: 'Decline the lead Initech' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'Outside our area');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Decline the lead' }));
    await vi.waitFor(() => expect(bodyOf(fetchMock, 'POST', '/api/v1/leads/l1/decline')).toEqual({ reason: 'Outside our area' }));
  });

  it('filters by sender, own leads and waiting, and exports the same leads', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: RESELLER },
      '/api/v1/vendors': { status: 200, body: VENDORS },
      '/api/v1/leads': { status: 200, body: { items: [makeLead()], next_cursor: null } },
    });
    renderAt('/leads');
    await screen.findByTestId('lead-Initech');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'From' }), 'Own leads');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Waiting for our answer' }));
    await vi.waitFor(() => expect(fetchMock.mock.calls.some(([url]) =>
      String(url) === '/api/v1/leads?limit=50&origin_id=&waiting=true')).toBe(true));
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/v1/leads?format=csv&origin_id=&waiting=true');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'From' }), 'Distri');
    await vi.waitFor(() => expect(fetchMock.mock.calls.some(([url]) =>
      String(url) === '/api/v1/leads?limit=50&origin_id=dist1&waiting=true')).toBe(true));
  });

  it('says what belongs here when there is nothing', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: RESELLER },
      '/api/v1/vendors': { status: 200, body: VENDORS },
      '/api/v1/leads': { status: 200, body: { items: [], next_cursor: null } },
    });
    renderAt('/leads');
    expect(await screen.findByRole('heading', { name: 'No leads yet' })).toBeInTheDocument();
  });
});

describe('the lead routing page', () => {
  const stub = (role = 'owner', extra = {}) => stubFetch({
    '/api/v1/me': { status: 200, body: { ...VENDOR, role } },
    'GET /api/v1/lead-routing': { status: 200, body: ROUTING },
    '/api/v1/lead-stats': { status: 200, body: STATS },
    ...extra,
  });

  it('saves one weight per tier and the default hours', async () => {
    const fetchMock = stub('owner', { 'PUT /api/v1/lead-routing': { status: 200, body: { ...ROUTING, default_sla_hours: 24 } } });
    renderAt('/lead-routing');
    const gold = await screen.findByRole('textbox', { name: 'Weight of Gold' });
    expect(gold).toHaveValue('3');
    expect(screen.getByRole('textbox', { name: 'Weight of Silver' })).toHaveValue('1');
    await userEvent.clear(gold);
    await userEvent.type(gold, '5');
    const hours = screen.getByRole('textbox', { name: /^Hours to answer/ });
    await userEvent.clear(hours);
    await userEvent.type(hours, '24');
    await userEvent.click(screen.getByRole('button', { name: 'Save routing' }));
    expect(await screen.findByText('Routing saved')).toBeInTheDocument();
    expect(bodyOf(fetchMock, 'PUT', '/api/v1/lead-routing')).toEqual({ tier_weights: { Gold: 5, Silver: 1 }, default_sla_hours: 24 });
  });

  it('shows the server’s message next to the tier’s weight', async () => {
    stub('owner', {
      'PUT /api/v1/lead-routing': { status: 400, body: { title: 'check the highlighted fields', status: 400,
        errors: [{ field: 'tier_weights.Gold', message: 'must be from 0 to 100' }] } },
    });
    renderAt('/lead-routing');
    await userEvent.click(await screen.findByRole('button', { name: 'Save routing' }));
    expect(await screen.findByText('must be from 0 to 100')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Weight of Gold' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('edits where a partner works in a dialog', async () => {
    const fetchMock = stub('owner', { 'PUT /api/v1/lead-routing/partners/p2': { status: 200, body: ROUTING } });
    renderAt('/lead-routing');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit routing for Gamma Resellers' }));
    const dialog = await screen.findByRole('dialog', { name: 'Routing for Gamma Resellers' });
    const countries = within(dialog).getByRole('textbox', { name: /^Countries/ });
    await userEvent.type(countries, 'de, Austria');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Two-letter country codes only: AUSTRIA')).toBeInTheDocument();
    await userEvent.clear(countries);
    await userEvent.type(countries, 'de, at');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(bodyOf(fetchMock, 'PUT', '/api/v1/lead-routing/partners/p2')).toEqual({
      countries: ['DE', 'AT'], regions: [], products: [], capacity: 5, active: true,
    }));
  });

  it('gives the rates in a table beside the chart, and is read-only for members', async () => {
    stub('member');
    renderAt('/lead-routing');
    const table = await screen.findByRole('table', { name: 'Acceptance and conversion by partner' });
    const row = within(table).getByRole('row', { name: /Beta Partners/ });
    expect(row).toHaveTextContent('75 %');
    expect(row).toHaveTextContent('67 %');
    expect(screen.getByRole('textbox', { name: 'Weight of Gold' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save routing' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Edit routing for/ })).not.toBeInTheDocument();
  });

  it('says so when no lead was offered yet', async () => {
    stub('owner', { '/api/v1/lead-stats': { status: 200, body: { items: [] } } });
    renderAt('/lead-routing');
    expect(await screen.findByRole('heading', { name: 'No lead offered yet' })).toBeInTheDocument();
  });
});
