import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { DirectOpportunity } from '../../modules/direct/api';
import { stubFetch } from '../../test/fetchStub';
import { VENDOR } from '../../test/deals';
import { renderAt } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const OPPORTUNITY = {
  id: 'o1',
  company: 'Initech',
  website: 'initech.com',
  country: 'US',
  region: 'Texas',
  amount: { minor: 4200000, currency: 'USD' },
  expected_close: '2026-09-30',
  owner: 'Bill Lumbergh',
  external_id: 'CRM-7',
  status: 'open',
  notes: '',
  created_at: '2026-02-01T00:00:00Z',
  updated_at: '2026-02-01T00:00:00Z',
} satisfies DirectOpportunity;

const CSV = 'company,amount,currency\nInitech,42000,USD\n,10,USD\nHooli,lots,USD\n';

// jsdom's Blob has no text(); FileReader reads it as a browser would.
function textOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

async function upload(text: string) {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  await userEvent.upload(input, new File([text], 'pipeline.csv', { type: 'application/vnd.ms-excel' }));
}

describe('DirectPipelinePage', () => {
  it('lists the pipeline and explains the import columns', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      '/api/v1/direct-opportunities': { status: 200, body: { items: [OPPORTUNITY], next_cursor: null } },
    });
    renderAt('/direct-pipeline');
    const row = await screen.findByTestId('opportunity-Initech');
    expect(row).toHaveTextContent('$42,000.00');
    expect(row).toHaveTextContent('Bill Lumbergh');
    const help = screen.getByRole('region', { name: 'Import from CSV' });
    expect(within(help).getByText('company,website,country,region,amount,currency,expected_close,owner,external_id,status,notes'))
      .toBeInTheDocument();
    expect(help).toHaveTextContent('only company is required');
  });

  it('sends the file as text/csv and shows every rejected row', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      '/api/v1/direct-opportunities': { status: 200, body: { items: [], next_cursor: null } },
      '/api/v1/direct-opportunities/import': {
        status: 400,
        body: {
          type: 'urn:strata:problem:invalid-argument',
          title: 'The file has rejected rows',
          status: 400,
          rows: [
            { line: 3, field: 'company', message: 'is required' },
            { line: 4, field: 'amount', message: 'is not a number' },
          ],
        },
      },
    });
    renderAt('/direct-pipeline');
    await screen.findByRole('heading', { name: 'No direct opportunities yet' });
    await upload(CSV);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Nothing was imported: 2 problems in pipeline.csv');
    const rows = within(within(alert).getByRole('table', { name: 'Rejected rows' })).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual(['LineColumnProblem', '3companyis required', '4amountis not a number']);

    const call = fetchMock.mock.calls.find(([url]) => url === '/api/v1/direct-opportunities/import');
    const init = call?.[1];
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    expect(await textOf(init?.body as Blob)).toBe(CSV);
  });

  it('says how many were created and updated', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      '/api/v1/direct-opportunities': { status: 200, body: { items: [], next_cursor: null } },
      '/api/v1/direct-opportunities/import': { status: 200, body: { created: 3, updated: 1 } },
    });
    renderAt('/direct-pipeline');
    await screen.findByRole('heading', { name: 'No direct opportunities yet' });
    await upload('company\nA\nB\nC\nD\n');
    expect(await screen.findByText('pipeline.csv: 3 created, 1 updated.')).toBeInTheDocument();
  });

  it('adds an opportunity from the form, with its amount in minor units', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      '/api/v1/direct-opportunities': { status: 200, body: { items: [], next_cursor: null } },
      'POST /api/v1/direct-opportunities': { status: 201, body: OPPORTUNITY },
    });
    renderAt('/direct-pipeline');
    await userEvent.click(await screen.findByRole('button', { name: 'Add an opportunity' }));
    const form = await screen.findByRole('form', { name: 'Add an opportunity' });
    await userEvent.click(within(form).getByRole('button', { name: 'Add the opportunity' }));
    expect(within(form).getByLabelText(/^Company/)).toHaveAccessibleDescription(/Give the company name/);
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);

    await userEvent.type(within(form).getByLabelText(/^Company/), 'Initech');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Amount' }), '42000');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Sales rep' }), 'Bill Lumbergh');
    await userEvent.click(within(form).getByRole('button', { name: 'Add the opportunity' }));
    await vi.waitFor(() => expect(screen.queryByRole('form', { name: 'Add an opportunity' })).not.toBeInTheDocument());
    const call = fetchMock.mock.calls.find(([url, init]) => url === '/api/v1/direct-opportunities' && init?.method === 'POST');
    expect(JSON.parse(String(call?.[1]?.body))).toMatchObject({
      company: 'Initech',
      amount: { minor: 4200000, currency: 'USD' },
      owner: 'Bill Lumbergh',
      external_id: null,
      status: 'open',
    });
  });
});
