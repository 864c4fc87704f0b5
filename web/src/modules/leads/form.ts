// The lead form's fields as typed, what the form checks before sending, and the body it sends.
import type { FieldErrors } from '../../api/client';
import type { Lead, LeadInput } from './api';

export type LeadDraft = {
  company: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  country: string;
  region: string;
  product: string;
  notes: string;
};

export const emptyLeadDraft = (): LeadDraft => ({
  company: '', contactName: '', contactEmail: '', contactPhone: '', country: '', region: '', product: '', notes: '',
});

export const draftFromLead = (lead: Lead): LeadDraft => ({
  company: lead.company,
  contactName: lead.contact.name,
  contactEmail: lead.contact.email,
  contactPhone: lead.contact.phone,
  country: lead.country,
  region: lead.region,
  product: lead.product,
  notes: lead.notes,
});

// Which draft field each name in a problem's `errors` belongs to.
export const LEAD_FIELD_OF: Record<string, keyof LeadDraft> = {
  company: 'company',
  'contact.name': 'contactName',
  contact: 'contactName',
  'contact.email': 'contactEmail',
  'contact.phone': 'contactPhone',
  country: 'country',
  region: 'region',
  product: 'product',
  notes: 'notes',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The body to send, and the messages for what is missing or cannot be right, by the API's names.
export function leadBody(draft: LeadDraft): { body: LeadInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const company = draft.company.trim();
  const name = draft.contactName.trim();
  const email = draft.contactEmail.trim();
  const phone = draft.contactPhone.trim();
  const country = draft.country.trim().toUpperCase();
  if (!company) errors.company = 'Give the company';
  if (!name && !email) errors['contact.name'] = 'Give the contact’s name or email address';
  if (email && !EMAIL.test(email)) errors['contact.email'] = 'This is not an email address';
  if (phone && !/^\+?[\d\s().-]{5,}$/.test(phone)) errors['contact.phone'] = 'This is not a phone number';
  if (!country) errors.country = 'Give the country as a two-letter code, such as DE';
  else if (!/^[A-Z]{2}$/.test(country)) errors.country = 'Use a two-letter country code, such as DE';
  const body: LeadInput = { company, contact: { name, email, phone }, country };
  if (draft.region.trim()) body.region = draft.region.trim();
  if (draft.product.trim()) body.product = draft.product.trim();
  if (draft.notes.trim()) body.notes = draft.notes.trim();
  return { body, errors };
}

// The errors by draft field: the form's own and the server's, the server's winning.
export function errorsByField(errors: FieldErrors): Partial<Record<keyof LeadDraft, string>> {
  const out: Partial<Record<keyof LeadDraft, string>> = {};
  for (const [name, message] of Object.entries(errors)) {
    const field = LEAD_FIELD_OF[name];
    if (field && !out[field]) out[field] = message;
  }
  return out;
}
