import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SIGNED_IN, stubFetch } from '../../../test/fetchStub';
import { renderAt } from '../../../test/render';
import type { ContactImport } from '../api';

afterEach(() => vi.unstubAllGlobals());

const UPLOADED: ContactImport = {
  id: 'i1',
  status: 'uploaded',
  file_name: 'kontakte.csv',
  file_bytes: 120,
  bytes_read: 0,
  encoding: 'UTF-8',
  delimiter: ';',
  header: ['Contact', 'Vorname', 'Phone'],
  preview: [['anna@example.com', 'Anna', 'call me']],
  mapping: { first_name: 'Vorname', phone: 'Phone' },
  on_duplicate: 'update',
  list_id: null,
  rows_total: 0,
  rows_imported: 0,
  rows_updated: 0,
  rows_skipped: 0,
  rows_rejected: 0,
  rejected: [],
  error: null,
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
  finished_at: null,
};

describe('ContactImportPage', () => {
  it('uploads the file, starts from the suggested mapping and shows the start call’s errors', async () => {
    const fetchMock = stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      '/api/v1/contact-lists': { status: 200, body: { items: [], next_cursor: null } },
      'GET /api/v1/contact-imports': { status: 200, body: { items: [], next_cursor: null } },
      'POST /api/v1/contact-imports': { status: 201, body: UPLOADED },
      '/api/v1/contact-imports/i1': { status: 200, body: UPLOADED },
      'POST /api/v1/contact-imports/i1/start': {
        status: 400,
        body: { title: 'Invalid mapping', status: 400, errors: { 'mapping.email': 'choose the column that holds the email address' } },
      },
    });
    const { container } = renderAt('/contacts/import');
    await screen.findByRole('heading', { name: /Step 1 of 3/ });
    const input = container.querySelector('input[type=file]') as HTMLInputElement;
    await userEvent.upload(input, new File(['Contact;Vorname;Phone\n'], 'kontakte.csv', { type: 'text/csv' }));

    await screen.findByRole('heading', { name: /Step 2 of 3/ });
    expect(fetchMock.mock.calls.some(([url]) => url === '/api/v1/contact-imports?file_name=kontakte.csv')).toBe(true);
    expect(screen.getByText(/read as UTF-8, columns separated by semicolon/)).toBeInTheDocument();
    expect(screen.getByLabelText('Column “Contact”')).toHaveValue('__skip');
    expect(screen.getByLabelText('Column “Vorname”')).toHaveValue('first_name');

    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText(/choose the column that holds the email address/)).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Column “Contact”'), 'email');
    await userEvent.selectOptions(screen.getByLabelText('Column “Phone”'), '__skip');
    await userEvent.click(screen.getByRole('radio', { name: 'Leave the contact as it is' }));
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    await vi.waitFor(() => {
      const starts = fetchMock.mock.calls.filter(([url]) => url === '/api/v1/contact-imports/i1/start');
      expect(starts).toHaveLength(2);
      expect(JSON.parse(String(starts[1][1]?.body))).toEqual({
        mapping: { email: 'Contact', first_name: 'Vorname' },
        on_duplicate: 'skip',
      });
    });
  });

  it('explains contacts and offers the import when there are none', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      '/api/v1/contact-lists': { status: 200, body: { items: [], next_cursor: null } },
      '/api/v1/contacts': { status: 200, body: { items: [], next_cursor: null, total: 0 } },
    });
    renderAt('/contacts');
    expect(await screen.findByRole('heading', { name: 'No contacts yet' })).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Import contacts' })[0]).toHaveAttribute('href', '/contacts/import');
  });

  it('follows a running import and reports the rejected rows when it ends', async () => {
    const running: ContactImport = { ...UPLOADED, status: 'running', file_bytes: 2000, bytes_read: 1000, rows_total: 1500 };
    const stub = stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      '/api/v1/contact-lists': { status: 200, body: { items: [], next_cursor: null } },
      'GET /api/v1/contact-imports': { status: 200, body: { items: [running], next_cursor: null } },
      '/api/v1/contact-imports/i1': { status: 200, body: running },
    });
    renderAt('/contacts/import');
    await userEvent.click(await screen.findByRole('button', { name: 'kontakte.csv' }));
    expect(await screen.findByText(/50% · 1,500 rows read/)).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute('aria-valuenow', '50');

    stubFetch({
      '/api/v1/me': { status: 200, body: SIGNED_IN },
      '/api/v1/contact-lists': { status: 200, body: { items: [], next_cursor: null } },
      'GET /api/v1/contact-imports': { status: 200, body: { items: [running], next_cursor: null } },
      '/api/v1/contact-imports/i1': {
        status: 200,
        body: { ...running, status: 'rejected', bytes_read: 2000, rows_rejected: 1,
          rejected: [{ line: 4, field: 'phone', reason: 'Phone needs the country code' }] },
      },
    });
    expect(stub).toHaveBeenCalled();
    expect(await screen.findByText('Nothing was imported')).toBeInTheDocument();
    const row = screen.getByTestId('rejected-row');
    expect(row).toHaveTextContent('4');
    expect(row).toHaveTextContent('Phone needs the country code');
    await userEvent.click(screen.getByRole('button', { name: 'Change the mapping and try again' }));
    expect(await screen.findByLabelText('Column “Vorname”')).toHaveValue('first_name');
  });
});

describe('PrivacyPage', () => {
  it('tells members who are not admins who handles these requests', async () => {
    stubFetch({
      '/api/v1/me': { status: 200, body: { ...SIGNED_IN, role: 'member' } },
      '/api/v1/privacy/requests': { status: 403, body: { title: 'Forbidden', status: 403 } },
      '/api/v1/marketing-cap': { status: 200, body: { max_emails: null, period_days: null } },
    });
    renderAt('/privacy');
    expect(await screen.findByRole('heading', { name: 'For owners and admins' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Erase' })).not.toBeInTheDocument();
  });
});
