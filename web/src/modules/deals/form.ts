// The registration form's state, and its translation to and from the API's deal. Errors are keyed
// by the API's field paths ("customer.company", "lines[0].sku") so that the server's messages and
// the form's own land next to the same fields.
import type { FieldErrors } from '../../api/client';
import type { Deal, DealInput, DealLine, PartnerDealRules } from './api';
import { FIELD_LABELS } from './labels';
import { amountText, formatMoney, parseAmount } from './money';

export type LineDraft = { key: number; sku: string; description: string; quantity: string; amount: string };

export type DealDraft = {
  vendorId: string;
  viaDistributorId: string | null;
  company: string;
  website: string;
  country: string;
  region: string;
  address: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  lines: LineDraft[];
  amount: string;
  currency: string;
  expectedClose: string;
  sharedNotes: string;
  privateNotes: string;
};

let nextLineKey = 1;
export const emptyLine = (): LineDraft => ({ key: nextLineKey++, sku: '', description: '', quantity: '1', amount: '' });

export function emptyDraft(currency = 'USD'): DealDraft {
  return {
    vendorId: '',
    viaDistributorId: null,
    company: '',
    website: '',
    country: '',
    region: '',
    address: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
    lines: [],
    amount: '',
    currency,
    expectedClose: '',
    sharedNotes: '',
    privateNotes: '',
  };
}

// The form as it was saved, for editing a draft or answering a request for information.
export function draftFromDeal(deal: Deal): DealDraft {
  const currency = deal.amount?.currency ?? deal.lines[0]?.amount.currency ?? 'USD';
  return {
    vendorId: deal.vendor.id,
    viaDistributorId: deal.distributor?.id ?? null,
    company: deal.customer.company,
    website: deal.customer.website,
    country: deal.customer.country,
    region: deal.customer.region,
    address: deal.customer.address,
    contactName: deal.contact.name,
    contactEmail: deal.contact.email,
    contactPhone: deal.contact.phone,
    lines: deal.lines.map((line) => ({
      key: nextLineKey++,
      sku: line.sku,
      description: line.description ?? '',
      quantity: String(line.quantity),
      amount: amountText(line.amount.minor, line.amount.currency),
    })),
    amount: deal.amount ? amountText(deal.amount.minor, currency) : '',
    currency,
    expectedClose: deal.expected_close ?? '',
    sharedNotes: deal.shared_notes,
    privateNotes: deal.private_notes ?? '',
  };
}

export type DealBody = Omit<DealInput, 'submit'>;

// The body to send, or the messages for what cannot be sent as typed.
export function dealBody(draft: DealDraft): { body: DealBody; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const lines: DealLine[] = [];
  for (const line of draft.lines) {
    const at = `lines[${lines.length}]`;
    if (!line.sku.trim()) errors[`${at}.sku`] = 'Give the SKU';
    const quantity = Number(line.quantity);
    if (!/^\d+$/.test(line.quantity.trim()) || quantity < 1) errors[`${at}.quantity`] = 'A whole number, 1 or more';
    const amount = parseAmount(line.amount, draft.currency);
    if (amount === null) errors[`${at}.amount`] = 'Give the line total';
    else if ('error' in amount) errors[`${at}.amount`] = amount.error;
    lines.push({
      sku: line.sku.trim(),
      description: line.description.trim(),
      quantity: Number.isSafeInteger(quantity) ? quantity : 0,
      amount: { minor: amount && 'minor' in amount ? amount.minor : 0, currency: draft.currency },
    });
  }
  const amount = parseAmount(draft.amount, draft.currency);
  if (amount && 'error' in amount) errors.amount = amount.error;
  if (!draft.company.trim()) errors['customer.company'] = 'Give the customer’s company name';
  if (draft.country.trim() && !/^[A-Za-z]{2}$/.test(draft.country.trim())) {
    errors['customer.country'] = 'Two letters, such as DE or US';
  }
  const body: DealBody = {
    vendor_id: draft.vendorId,
    via_distributor_id: draft.viaDistributorId,
    customer: {
      company: draft.company.trim(),
      website: draft.website.trim(),
      country: draft.country.trim().toUpperCase(),
      region: draft.region.trim(),
      address: draft.address.trim(),
    },
    contact: { name: draft.contactName.trim(), email: draft.contactEmail.trim(), phone: draft.contactPhone.trim() },
    ...(amount && 'minor' in amount ? { amount: { minor: amount.minor, currency: draft.currency } } : {}),
    expected_close: draft.expectedClose || null,
    lines,
    shared_notes: draft.sharedNotes,
    private_notes: draft.privateNotes,
  };
  return { body, errors };
}

// What a registration needs that the form can see is missing: the total always, and whatever
// the vendor's rules ask.
export function registrationErrors(draft: DealDraft, rules: PartnerDealRules | undefined): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.amount.trim()) errors.amount = 'Give the deal’s total to register it';
  if (!rules) return errors;
  const values: Record<string, string> = {
    'customer.website': draft.website,
    'customer.country': draft.country,
    'customer.region': draft.region,
    'customer.address': draft.address,
    'contact.name': draft.contactName,
    'contact.email': draft.contactEmail,
    'contact.phone': draft.contactPhone,
    expected_close: draft.expectedClose,
    lines: draft.lines.length > 0 ? 'yes' : '',
    shared_notes: draft.sharedNotes,
  };
  for (const field of rules.required_fields) {
    if (!values[field]?.trim()) errors[field] = `The vendor requires the ${FIELD_LABELS[field].toLowerCase()}`;
  }
  const minimum = rules.minimum_amount;
  const amount = parseAmount(draft.amount, draft.currency);
  if (minimum && minimum.currency === draft.currency && amount && 'minor' in amount && amount.minor < minimum.minor) {
    errors.amount = `The vendor registers deals of ${formatMoney(minimum)} or more`;
  }
  return errors;
}

// The sum of the lines, when every line has a valid amount.
export function linesTotal(draft: DealDraft): number | null {
  if (draft.lines.length === 0) return null;
  let total = 0;
  for (const line of draft.lines) {
    const amount = parseAmount(line.amount, draft.currency);
    if (!amount || 'error' in amount) return null;
    total += amount.minor;
  }
  return total;
}
