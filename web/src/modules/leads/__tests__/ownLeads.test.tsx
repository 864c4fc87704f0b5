import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { RESELLER, VENDOR, VENDORS } from '../../../test/deals';
import { stubFetch } from '../../../test/fetchStub';
import { makeLead, ROUTING } from '../../../test/leads';
import { renderAt } from '../../../test/render';

afterEach(() => vi.unstubAllGlobals());

const bodyOf = (fetchMock: ReturnType<typeof stubFetch>, method: string, path: string) => {
  const call = fetchMock.mock.calls.find(([url, init]) => String(url).split('?')[0] === path && init?.method === method);
  return call ? call[1]?.body : undefined;
};
const urlOf = (fetchMock: ReturnType<typeof stubFetch>, method: string, path: string) =>
  fetchMock.mock.calls.filter(([url, init]) => String(url).split('?')[0] === path && init?.method === method)
    .map(([url]) => String(url));

const MEMBERS = { items: [{ user_id: 'u1', email: 'ann@example.com', name: 'Ann Lee', role: 'owner' }], next_cursor: null };
const PREVIEW = {
  header: ['Firma', 'Ansprechpartner', 'E-Mail', 'Land', 'Budget'],
  preview: [['Initech', 'Bill', 'bill@initech.example', 'DE', '9000'], ['Hooli', 'Gavin', '', 'US', '']],
  suggested_mapping: { company: 'Firma', 'contact.name': 'Ansprechpartner', 'contact.email': 'E-Mail' },
  delimiter: ';',
  encoding: 'UTF-8',
};
// The preview call answers PREVIEW; the import itself answers what the stub says.
function answerPreview(fetchMock: ReturnType<typeof stubFetch>) {
  const others = fetchMock.getMockImplementation();
  fetchMock.mockImplementation(async (path: string, init?: RequestInit) => String(path).endsWith('?preview=true')
    ? new Response(JSON.stringify(PREVIEW), { status: 200, headers: { 'Content-Type': 'application/json' } })
    : others!(path, init));
}

const csvFile = () => new File(['Firma;Ansprechpartner;E-Mail;Land;Budget\nInitech;Bill;bill@initech.example;DE;9000\n'],
  'fair.csv', { type: 'text/csv' });

async function chooseFile(container: HTMLElement) {
  await screen.findByRole('heading', { name: /Step 1 of 3/ });
  await userEvent.upload(container.querySelector('input[type=file]') as HTMLInputElement, csvFile());
}

describe('the lead import', () => {
  it('previews the file, takes the columns chosen and lists every rejected row', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: RESELLER },
      'POST /api/v1/lead-imports': { status: 400, body: {
        title: 'the file has rows that cannot be imported', status: 400,
        rows: [{ line: 3, field: 'country', message: 'Land must be a two-letter country code' },
          { line: 7, field: 'company', message: 'Firma is required' }] } },
    });
    answerPreview(fetchMock);
    await chooseFile(renderAt('/leads/import').container);
    const fields = await screen.findByRole('group', { name: 'Fields of a lead' });
    expect(within(fields).getByRole('combobox', { name: /^Company/ })).toHaveValue('Firma');
    expect(screen.getByText('Not imported: Land, Budget')).toBeInTheDocument();
    await userEvent.selectOptions(within(fields).getByRole('combobox', { name: 'Country' }), 'Land');
    const preview = screen.getByRole('table', { name: 'The first rows, as they would be imported' });
    expect(within(preview).getAllByRole('row')[1]).toHaveTextContent('InitechBillbill@initech.exampleDE');

    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Nothing was imported: 2 problems in fair.csv');
    const rows = within(within(alert).getByRole('table', { name: 'Rejected rows' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('3countryLand must be a two-letter country code');
    const [previewUrl, importUrl] = urlOf(fetchMock, 'POST', '/api/v1/lead-imports');
    expect(previewUrl).toBe('/api/v1/lead-imports?preview=true');
    const query = new URLSearchParams(importUrl?.split('?')[1]);
    expect(query.get('map.company')).toBe('Firma');
    expect(query.get('map.country')).toBe('Land');
    expect(query.get('map.region')).toBe('');
    expect(bodyOf(fetchMock, 'POST', '/api/v1/lead-imports')).toBeInstanceOf(File);
  });

  it('puts a mapping problem next to its field', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: RESELLER },
      'POST /api/v1/lead-imports': { status: 400, body: { title: 'check the column mapping', status: 400,
        errors: { 'map.company': 'choose the column that holds the company' } } },
    });
    answerPreview(fetchMock);
    await chooseFile(renderAt('/leads/import').container);
    const company = await screen.findByRole('combobox', { name: /^Company/ });
    await userEvent.selectOptions(company, 'Leave empty');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('choose the column that holds the company')).toBeInTheDocument();
    expect(company).toHaveAttribute('aria-invalid', 'true');
  });

  it('reports what it added and the possible duplicates', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: RESELLER },
      'POST /api/v1/lead-imports': { status: 201, body: { created: 2, duplicates: [
        { line: 3, lead_id: 'l9', same_as_line: null, reason: 'the same contact address as Initech' }] } },
    });
    answerPreview(fetchMock);
    await chooseFile(renderAt('/leads/import').container);
    await userEvent.click(await screen.findByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('status')).toHaveTextContent('fair.csv: 2 leads added, 1 of them a possible duplicate.');
    const duplicate = screen.getByTestId('duplicate-row');
    expect(duplicate).toHaveTextContent('Line 3: the same contact address as Initech');
    expect(within(duplicate).getByRole('link', { name: 'open that lead' })).toHaveAttribute('href', '/leads/l9');
  });
});

describe('an organisation’s own lead', () => {
  it('is worked and registered as a deal with one of the partner’s vendors', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: RESELLER },
      '/api/v1/vendors': { status: 200, body: VENDORS },
      '/api/v1/members': { status: 200, body: MEMBERS },
      'GET /api/v1/lead-routing': { status: 200, body: { ...ROUTING, partners: [] } },
      '/api/v1/leads/l1': { status: 200, body: makeLead() },
      'PATCH /api/v1/leads/l1': { status: 200, body: makeLead({ status: 'qualified' }) },
    });
    renderAt('/leads/l1');
    const status = await screen.findByRole('combobox', { name: 'Status' });
    expect(status).toHaveValue('new');
    await userEvent.selectOptions(status, 'Qualified');
    await userEvent.click(screen.getByRole('button', { name: 'Save status' }));
    expect(await screen.findByText('Status saved')).toBeInTheDocument();
    expect(JSON.parse(String(bodyOf(fetchMock, 'PATCH', '/api/v1/leads/l1')))).toEqual({ status: 'qualified' });
    // A reseller without partners of its own is not offered to pass the lead on.
    expect(screen.queryByRole('heading', { name: 'Pass to a partner' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Register as deal' }));
    expect(await screen.findByRole('heading', { name: 'Register as a deal' })).toBeInTheDocument();
  });

  it('is passed on by a vendor with partners, and not registered with vendors it lacks', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      '/api/v1/vendors': { status: 200, body: { items: [], next_cursor: null } },
      '/api/v1/members': { status: 200, body: MEMBERS },
      'GET /api/v1/lead-routing': { status: 200, body: ROUTING },
      '/api/v1/leads/l1': { status: 200, body: makeLead() },
    });
    renderAt('/leads/l1');
    expect(await screen.findByRole('heading', { name: 'Pass to a partner' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('new');
    expect(screen.queryByRole('button', { name: 'Register as deal' })).not.toBeInTheDocument();
  });
});

describe('passing several own leads on', () => {
  it('sends each selected lead to the routing rules and says where each went', async () => {
    const offered = (id: string, company: string) =>
      makeLead({ id, company, status: 'offered', partner: { id: 'p1', name: 'Beta Partners' } });
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: VENDOR },
      '/api/v1/vendors': { status: 200, body: { items: [], next_cursor: null } },
      'GET /api/v1/lead-routing': { status: 200, body: ROUTING },
      '/api/v1/leads': { status: 200, body: { items: [
        makeLead({ id: 'l1', company: 'Initech' }),
        makeLead({ id: 'l2', company: 'Hooli', status: 'unrouted' }),
        makeLead({ id: 'l3', company: 'Globex' }),
        offered('l4', 'Umbrella'),
      ], next_cursor: null } },
      'POST /api/v1/leads/l1/distribute': { status: 200, body: offered('l1', 'Initech') },
      'POST /api/v1/leads/l2/distribute': { status: 200, body: makeLead({ id: 'l2', company: 'Hooli', status: 'unrouted' }) },
      'POST /api/v1/leads/l3/distribute': { status: 409, body: { title: 'the lead is closed', status: 409 } },
    });
    renderAt('/leads');
    await screen.findByTestId('lead-Initech');
    // A lead with a partner already cannot be picked.
    expect(within(screen.getByTestId('lead-Umbrella')).queryByRole('checkbox')).not.toBeInTheDocument();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Select every lead that can be passed on' }));
    expect(screen.getByText('3 leads selected')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Pass on by the routing rules' }));
    expect(await screen.findByText('1 lead passed on')).toBeInTheDocument();
    expect(screen.getByText('1 lead to Beta Partners')).toBeInTheDocument();
    expect(screen.getByText(/No partner matched Hooli/)).toBeInTheDocument();
    expect(screen.getByText('Globex was not passed on: the lead is closed')).toBeInTheDocument();
    const posts = fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST').map(([url]) => String(url));
    expect(posts).toEqual(['/api/v1/leads/l1/distribute', '/api/v1/leads/l2/distribute', '/api/v1/leads/l3/distribute']);
    expect(screen.queryByText(/leads selected/)).not.toBeInTheDocument();
  });
});
