// Words and colours for the deal values the API names by code.
import type { DealEvent, DealField, DealStatus } from './api';

export const STATUS_LABELS: Record<DealStatus, string> = {
  draft: 'Draft',
  submitted: 'Under review',
  info_requested: 'Information requested',
  approved: 'Approved',
  rejected: 'Rejected',
  won: 'Won',
  lost: 'Lost',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};

export const STATUS_COLOURS: Record<DealStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  info_requested: 'orange',
  approved: 'green',
  rejected: 'red',
  won: 'teal',
  lost: 'gray',
  expired: 'gray',
  withdrawn: 'gray',
};

export const DEAL_STATUSES = Object.keys(STATUS_LABELS) as DealStatus[];

// The fields a vendor may require of a registration, as the forms name them.
export const FIELD_LABELS: Record<DealField, string> = {
  'customer.website': 'Customer website',
  'customer.country': 'Customer country',
  'customer.region': 'Customer region',
  'customer.address': 'Customer address',
  'contact.name': 'Contact name',
  'contact.email': 'Contact email',
  'contact.phone': 'Contact phone',
  expected_close: 'Expected close date',
  lines: 'Product lines',
  shared_notes: 'Notes for the vendor',
};

export const DEAL_FIELDS = Object.keys(FIELD_LABELS) as DealField[];

// What a registration shares, by the names the server uses in `shared_fields`.
export const SHARED_FIELD_LABELS: Record<string, string> = {
  customer: 'Customer: company, website, country, region and address',
  contact: 'Customer contact: name, email and phone',
  amount: 'Total amount and currency',
  expected_close: 'Expected close date',
  lines: 'Product lines: SKU, description, quantity and amount',
  shared_notes: 'Notes for the vendor',
};

// The server's list, for a deal that does not exist yet.
export const DEFAULT_SHARED_FIELDS = ['customer', 'contact', 'amount', 'expected_close', 'lines', 'shared_notes'];

export const EVENT_LABELS: Record<DealEvent['kind'], string> = {
  created: 'Draft created',
  registered: 'Registered',
  forwarded: 'Passed on to the vendor',
  approved: 'Approved',
  rejected: 'Rejected',
  info_requested: 'Information requested',
  resubmitted: 'Resubmitted',
  extension_requested: 'Extension requested',
  extension_granted: 'Extension granted',
  extension_refused: 'Extension refused',
  won: 'Marked won',
  lost: 'Marked lost',
  expired: 'Protection expired',
  withdrawn: 'Withdrawn',
  expiry_reminder: 'Expiry reminder',
};

export const SIDE_LABELS: Record<DealEvent['side'], string> = {
  partner: 'Partner',
  distributor: 'Distributor',
  vendor: 'Vendor',
  system: 'Strata',
};

// An instant as UTC text, "2025-03-01 14:05"; with `precise`, down to the microsecond the server
// recorded ("2025-03-01 14:05:09.123456"), which is what orders registrations.
export function formatInstant(iso: string | null | undefined, precise = false): string {
  if (!iso) return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(\.\d+)?/.exec(iso);
  if (!match) return iso;
  if (!precise) return `${match[1]} ${match[2]}`;
  return `${match[1]} ${match[2]}${match[3] ?? ':00'}${(match[4] ?? '.').padEnd(7, '0')}`;
}

// A calendar date ("2025-06-30") in the browser's language.
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(parsed);
}

// A country's name for its two-letter code, or the code when the browser does not know it.
export function countryName(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
