import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { WebhookDelivery, WebhookEndpoint } from '../../modules/integrations/api';
import { SIGNED_IN, stubFetch } from '../../test/fetchStub';
import { renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const ENDPOINT = {
  id: 'w1',
  url: 'https://crm.example.com/hooks/strata',
  description: 'CRM sync',
  events: ['*'],
  active: true,
  secret_version: 1,
  secret: null,
  created_at: '2026-03-01T09:00:00.000000Z',
  updated_at: '2026-03-01T09:00:00.000000Z',
} satisfies WebhookEndpoint;

const SECRET = 'whsec_0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab';

const delivery = (overrides: Partial<WebhookDelivery>): WebhookDelivery => ({
  id: 'd1',
  endpoint_id: 'w1',
  event_id: 'e1',
  event_kind: 'lead.created',
  body: '{}',
  state: 'delivered',
  attempts: 1,
  last_status: 200,
  last_error: '',
  next_attempt_at: null,
  delivered_at: '2026-03-02T10:00:01.000000Z',
  failed_at: null,
  created_at: '2026-03-02T10:00:00.000000Z',
  attempt_log: [],
  ...overrides,
});

const EMPTY_PAGE = { items: [], next_cursor: null };

describe('WebhooksPage', () => {
  it('explains webhooks and how to check a signature when there are none', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      'GET /api/v1/webhooks': { status: 200, body: EMPTY_PAGE },
    });
    renderAt('/webhooks');
    expect(await screen.findByRole('heading', { name: 'No webhook endpoints yet' })).toBeInTheDocument();
    expect(screen.getByText(/A webhook sends every lead change/)).toHaveTextContent('HMAC-SHA256');
    expect(screen.getByText(/^Strata-Signature: t=<unix seconds>,v1=/)).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'New endpoint' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Webhooks' })).toHaveAttribute('aria-current', 'page');
  });

  it('adds an endpoint for chosen events and shows its secret once, with a copy button', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      'GET /api/v1/webhooks': { status: 200, body: EMPTY_PAGE },
      'POST /api/v1/webhooks': {
        status: 201,
        body: { ...ENDPOINT, events: ['lead.created', 'lead.updated'], secret: SECRET },
      },
      'GET /api/v1/webhooks/w1/deliveries': { status: 200, body: EMPTY_PAGE },
    });
    renderAt('/webhooks');
    await userEvent.type(await screen.findByRole('textbox', { name: /^URL/ }), ' https://crm.example.com/hooks/strata ');
    await userEvent.type(screen.getByRole('textbox', { name: 'Description' }), 'CRM sync');
    const created = screen.getByRole('checkbox', { name: /lead\.created/ });
    expect(created).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: /^All events/ }));
    expect(created).toBeEnabled();
    await userEvent.click(screen.getByRole('checkbox', { name: /lead\.offered/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: /lead\.withdrawn/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));

    const notice = await screen.findByRole('status');
    expect(within(notice).getByText('Copy the signing secret now')).toBeInTheDocument();
    expect(within(notice).getByTestId('webhook-secret')).toHaveTextContent(SECRET);
    expect(within(notice).getByRole('button', { name: 'Copy the secret' })).toBeInTheDocument();
    expect(notice).toHaveTextContent(/reveal it again/);
    const call = fetchMock.mock.calls.find(([url, init]) => url === '/api/v1/webhooks' && init?.method === 'POST');
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({
      url: 'https://crm.example.com/hooks/strata',
      description: 'CRM sync',
      events: ['lead.created', 'lead.updated'],
    });
    // The form starts again empty.
    expect(screen.getByRole('textbox', { name: /^URL/ })).toHaveValue('');
  });

  it('shows the server’s refusal of a private address next to the URL', async () => {
    const refusal = 'points to a private, loopback or otherwise internal address (127.0.0.1); webhooks go to public addresses only';
    stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      'GET /api/v1/webhooks': { status: 200, body: EMPTY_PAGE },
      'POST /api/v1/webhooks': {
        status: 400,
        body: { type: 'urn:strata:problem:invalid', title: 'check the highlighted fields', status: 400, errors: { url: refusal } },
      },
    });
    renderAt('/webhooks');
    const url = await screen.findByRole('textbox', { name: /^URL/ });
    await userEvent.type(url, 'http://127.0.0.1:9000/hook');
    await userEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(await screen.findByText(refusal)).toBeInTheDocument();
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveValue('http://127.0.0.1:9000/hook');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('shows an endpoint’s deliveries with each attempt’s code, the next retry and the reason of a failure', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      'GET /api/v1/webhooks': { status: 200, body: { items: [ENDPOINT], next_cursor: null } },
      'GET /api/v1/webhooks/w1/deliveries': {
        status: 200,
        body: {
          items: [
            delivery({
              id: 'd3', event_kind: 'ping', state: 'pending', attempts: 2, last_status: 503, last_error: 'HTTP 503',
              delivered_at: null, next_attempt_at: '2026-03-02T10:05:00.000000Z',
              attempt_log: [
                { attempted_at: '2026-03-02T10:00:00.100000Z', status_code: null, error: 'timed out', duration_ms: 10000, response_excerpt: '' },
                { attempted_at: '2026-03-02T10:01:00.200000Z', status_code: 503, error: 'HTTP 503', duration_ms: 12, response_excerpt: '' },
              ],
            }),
            delivery({
              id: 'd2', event_kind: 'lead.updated', state: 'failed', last_status: 410, last_error: 'HTTP 410',
              delivered_at: null, failed_at: '2026-03-02T09:00:00.000000Z',
              attempt_log: [
                { attempted_at: '2026-03-02T09:00:00.000000Z', status_code: 410, error: 'HTTP 410', duration_ms: 8, response_excerpt: 'gone' },
              ],
            }),
            delivery({
              attempt_log: [
                { attempted_at: '2026-03-02T10:00:01.000000Z', status_code: 200, error: '', duration_ms: 31, response_excerpt: 'ok' },
              ],
            }),
          ],
          next_cursor: 'next-page',
        },
      },
    });
    renderAt('/webhooks');
    const row = await screen.findByTestId(`endpoint-${ENDPOINT.url}`);
    expect(within(row).getByText('All events')).toBeInTheDocument();
    expect(within(row).getByRole('switch', { name: 'Active: CRM sync' })).toBeChecked();
    await userEvent.click(within(row).getByRole('button', { name: 'Deliveries to CRM sync' }));

    const log = await screen.findByRole('table', { name: 'Deliveries to CRM sync' });
    const retrying = within(log).getByTestId('delivery-d3');
    expect(within(retrying).getByText('Retrying')).toBeInTheDocument();
    expect(within(retrying).getByText('Next attempt 2026-03-02 10:05 UTC')).toBeInTheDocument();
    expect(within(retrying).getByText('No answer')).toBeInTheDocument();
    expect(within(retrying).getByText('timed out')).toBeInTheDocument();
    expect(within(retrying).getByText('HTTP 503')).toBeInTheDocument();
    expect(within(retrying).getByText('2026-03-02 10:01:00')).toBeInTheDocument();
    const failed = within(log).getByTestId('delivery-d2');
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(within(failed).getAllByText('HTTP 410')).toHaveLength(2);
    const delivered = within(log).getByTestId('delivery-d1');
    expect(within(delivered).getByText('Delivered')).toBeInTheDocument();
    expect(within(delivered).getByText('HTTP 200')).toBeInTheDocument();
    expect(within(delivered).getByText('d1')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Load more' })).toBeInTheDocument();
  });

  it('queues a test ping and opens the endpoint’s log', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      'GET /api/v1/webhooks': { status: 200, body: { items: [ENDPOINT], next_cursor: null } },
      'POST /api/v1/webhooks/w1/ping': {
        status: 202,
        body: delivery({ event_kind: 'ping', state: 'pending', attempts: 0, last_status: null, delivered_at: null }),
      },
      'GET /api/v1/webhooks/w1/deliveries': { status: 200, body: EMPTY_PAGE },
    });
    renderAt('/webhooks');
    await userEvent.click(await screen.findByRole('button', { name: 'Send a test ping to CRM sync' }));
    expect(await screen.findByRole('heading', { name: 'Deliveries to CRM sync' })).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/v1/webhooks/w1/ping' && init?.method === 'POST')).toBe(true);
  });

  it('is read-only for members', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: { ...SIGNED_IN, role: 'member' } },
      'GET /api/v1/webhooks': { status: 200, body: { items: [ENDPOINT], next_cursor: null } },
      'GET /api/v1/webhooks/w1/deliveries': { status: 200, body: EMPTY_PAGE },
    });
    renderAt('/webhooks');
    const row = await screen.findByTestId(`endpoint-${ENDPOINT.url}`);
    expect(within(row).getByText('Active')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Deliveries to CRM sync' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New endpoint' })).not.toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Send a test ping/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /More actions/ })).not.toBeInTheDocument();
  });

  it('says why a member scoped to regions cannot see them', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: { ...SIGNED_IN, role: 'member', scopes: { regions: ['EMEA'], vendors: [], departments: [] } } },
      'GET /api/v1/webhooks': {
        status: 403,
        body: { title: 'Forbidden', status: 403, detail: 'webhooks carry every region’s and vendor’s data; your scopes leave them out' },
      },
    });
    renderAt('/webhooks');
    expect(await screen.findByText('Webhooks are not open to your access')).toBeInTheDocument();
    expect(screen.getByText(/your scopes leave them out/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Checking a delivery' })).not.toBeInTheDocument();
  });
});
