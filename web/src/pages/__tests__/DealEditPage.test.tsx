import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { stubFetch } from '../../test/fetchStub';
import { makeDeal, PARTNER_RULES, RESELLER, VENDORS } from '../../test/deals';
import { renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const BASE = {
  '/api/v1/me': { status: 200, body: RESELLER },
  '/api/v1/vendors': { status: 200, body: VENDORS },
  '/api/v1/vendors/v1/deal-rules': { status: 200, body: PARTNER_RULES },
};

function posted(fetchMock: ReturnType<typeof stubFetch>, method: string, path: string) {
  const call = fetchMock.mock.calls.find(([url, init]) => url === path && init?.method === method);
  return call ? JSON.parse(String(call[1]?.body)) : undefined;
}

async function fillCustomer() {
  await userEvent.type(await screen.findByLabelText(/^Company/), 'Globex Corporation');
  await userEvent.type(screen.getByLabelText(/^Website/), 'globex.com');
  await userEvent.type(screen.getByLabelText(/^Country/), 'us');
  await userEvent.type(screen.getByLabelText(/^Contact email/), 'hank@globex.com');
  await userEvent.click(screen.getByRole('button', { name: 'Add a line' }));
  await userEvent.type(screen.getByLabelText('SKU of line 1'), 'GX-1');
  await userEvent.clear(screen.getByLabelText('Quantity of line 1'));
  await userEvent.type(screen.getByLabelText('Quantity of line 1'), '2');
  await userEvent.type(screen.getByLabelText('Line total of line 1'), '12500.5');
  await userEvent.type(screen.getByLabelText(/^Total amount/), '12500.50');
}

describe('DealEditPage', () => {
  it('marks what the vendor requires and shows its protection and minimum', async () => {
    stubFetch(BASE);
    renderAt('/deals/new');
    const rules = await screen.findByTestId('vendor-rules');
    expect(rules).toHaveTextContent('protected for 90 days');
    expect(rules).toHaveTextContent('€5,000.00 or more');
    expect(screen.getByLabelText(/^Website/)).toBeRequired();
    expect(screen.getByLabelText(/^Contact email/)).toBeRequired();
    expect(screen.getByLabelText(/^Region/)).not.toBeRequired();
    // The currency follows the vendor's minimum until someone picks another.
    expect(screen.getByLabelText('Currency')).toHaveValue('EUR');
    expect(screen.getByRole('radio', { name: 'Direct with Acme' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Through Distri' })).not.toBeChecked();
  });

  it('checks the required fields before the review, next to each field', async () => {
    const fetchMock = stubFetch(BASE);
    renderAt('/deals/new');
    await userEvent.type(await screen.findByLabelText(/^Company/), 'Globex');
    await screen.findByTestId('vendor-rules');
    await userEvent.click(screen.getByRole('button', { name: 'Review and register' }));
    expect(screen.getByLabelText(/^Website/)).toHaveAccessibleDescription(/vendor requires the customer website/);
    expect(screen.getByLabelText(/^Contact email/)).toHaveAccessibleDescription(/vendor requires the contact email/);
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
  });

  it('reviews what is shared, then shows the server’s field errors next to the fields', async () => {
    const fetchMock = stubFetch({
      ...BASE,
      'POST /api/v1/deals': {
        status: 400,
        body: {
          type: 'urn:strata:problem:invalid-argument',
          title: 'The request is not valid',
          status: 400,
          errors: { 'customer.website': 'is not a website address', 'lines[0].sku': 'is not a SKU Acme sells' },
        },
      },
    });
    renderAt('/deals/new');
    await fillCustomer();
    await userEvent.type(screen.getByLabelText(/^Notes for the vendor/), 'Needs delivery in Q2');
    await userEvent.type(screen.getByLabelText(/^Private notes/), 'Margin is thin');
    await userEvent.click(screen.getByRole('button', { name: 'Review and register' }));

    const review = await screen.findByRole('region', { name: 'Review before you register' });
    const shared = within(review).getByTestId('shared-fields');
    expect(within(shared).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringMatching(/^Customer: .* Globex Corporation · globex\.com · United States/),
      expect.stringMatching(/^Customer contact: .* hank@globex\.com/),
      expect.stringMatching(/^Total amount and currency — €12,500\.50/),
      expect.stringMatching(/^Expected close date — not given/),
      expect.stringMatching(/^Product lines: .* 1 line/),
      expect.stringMatching(/^Notes for the vendor — Needs delivery in Q2/),
    ]);
    expect(review).toHaveTextContent('Your private notes stay with Resell Ltd: Acme never sees them.');
    expect(review).not.toHaveTextContent('Margin is thin');

    await userEvent.click(within(review).getByRole('button', { name: 'Register' }));
    expect(await screen.findByText('Some fields need attention')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Website/)).toHaveAccessibleDescription(/is not a website address/);
    expect(screen.getByLabelText('SKU of line 1')).toHaveAccessibleDescription(/is not a SKU Acme sells/);
    expect(screen.getByLabelText('SKU of line 1')).toHaveAttribute('aria-invalid', 'true');

    expect(posted(fetchMock, 'POST', '/api/v1/deals')).toEqual({
      vendor_id: 'v1',
      via_distributor_id: null,
      customer: { company: 'Globex Corporation', website: 'globex.com', country: 'US', region: '', address: '' },
      contact: { name: '', email: 'hank@globex.com', phone: '' },
      amount: { minor: 1250050, currency: 'EUR' },
      expected_close: null,
      lines: [{ sku: 'GX-1', description: '', quantity: 2, amount: { minor: 1250050, currency: 'EUR' } }],
      shared_notes: 'Needs delivery in Q2',
      private_notes: 'Margin is thin',
      submit: true,
    });
  });

  it('saves a draft through the distributor without registering it', async () => {
    const saved = makeDeal({ status: 'draft', registered_at: null, review_by: null, distributor: { ...VENDORS.items[0].routes[1].distributor! } });
    const fetchMock = stubFetch({
      ...BASE,
      'POST /api/v1/deals': { status: 201, body: saved },
      '/api/v1/deals/d1': { status: 200, body: saved },
    });
    renderAt('/deals/new');
    await userEvent.type(await screen.findByLabelText(/^Company/), 'Globex Corporation');
    await userEvent.click(screen.getByRole('radio', { name: 'Through Distri' }));
    await userEvent.selectOptions(screen.getByLabelText('Currency'), 'JPY');
    await userEvent.type(screen.getByLabelText(/^Total amount/), '1500000');
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));

    expect(await screen.findByRole('heading', { name: 'Globex Corporation', level: 1 })).toBeInTheDocument();
    expect(posted(fetchMock, 'POST', '/api/v1/deals')).toMatchObject({
      via_distributor_id: 'dist1',
      amount: { minor: 1500000, currency: 'JPY' },
      submit: false,
    });
  });

  it('answers a blind pre-check, and says clearly when there were too many', async () => {
    stubFetch({
      ...BASE,
      '/api/v1/deals/precheck': {
        status: 429,
        body: { title: 'Too many requests', status: 429, detail: 'Ask again later.' },
        headers: { 'Retry-After': '1800' },
      },
    });
    renderAt('/deals/new');
    await userEvent.type(await screen.findByLabelText(/^Company/), 'Globex');
    await userEvent.click(await screen.findByRole('button', { name: 'Check whether this customer is already protected' }));
    expect(await screen.findByText('Too many checks for now')).toBeInTheDocument();
    expect(screen.getByText(/Try again in 30 minutes/)).toBeInTheDocument();
  });

  it('resubmits a deal the reviewer asked about, keeping its vendor', async () => {
    const asked = makeDeal({ status: 'info_requested', decision_reason: 'Which region?' });
    const fetchMock = stubFetch({
      ...BASE,
      '/api/v1/deals/d1': { status: 200, body: asked },
      'PATCH /api/v1/deals/d1': { status: 200, body: asked },
      'POST /api/v1/deals/d1/submit': { status: 200, body: { ...asked, status: 'submitted' } },
    });
    renderAt('/deals/d1/edit');
    const region = await screen.findByLabelText(/^Region/);
    expect(screen.getByRole('combobox', { name: /^Vendor/ })).toBeDisabled();
    await userEvent.clear(region);
    await userEvent.type(region, 'North-east');
    await userEvent.click(screen.getByRole('button', { name: 'Review and resubmit' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Resubmit' }));
    expect(await screen.findByRole('heading', { name: 'Globex Corporation', level: 1 })).toBeInTheDocument();
    const changes = posted(fetchMock, 'PATCH', '/api/v1/deals/d1');
    expect(changes.customer.region).toBe('North-east');
    expect(changes).not.toHaveProperty('vendor_id');
    expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/v1/deals/d1/submit' && init?.method === 'POST')).toBe(true);
  });
});
