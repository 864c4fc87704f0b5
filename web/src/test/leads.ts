// Leads and routing as the server answers them, checked against the spec's types.
import type { Lead, LeadPartnerStats, LeadRouting } from '../modules/leads/api';
import { ACME } from './deals';

export function makeLead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: 'l1',
    status: 'new',
    origin_org_id: null,
    origin: null,
    company: 'Initech',
    contact: { name: 'Bill Lumbergh', email: 'bill@initech.example', phone: '' },
    country: 'DE',
    region: '',
    product: '',
    notes: '',
    lost_reason: '',
    assigned_user_id: null,
    partner: null,
    offers: [],
    offer_state: null,
    answer_due_at: null,
    deal_id: null,
    activities: [],
    duplicates: [],
    source: 'manual',
    created_at: '2026-03-01T09:00:00Z',
    updated_at: '2026-03-01T09:00:00Z',
    ...overrides,
  };
}

// A lead Acme offered to the signed-in reseller, to answer by `dueAt`.
export const offeredLead = (dueAt: string) =>
  makeLead({ status: 'offered', origin: { id: ACME.id, name: ACME.name }, origin_org_id: ACME.id,
    offer_state: 'offered', answer_due_at: dueAt });

export const ROUTING = {
  tier_weights: { Gold: 3 },
  default_sla_hours: 48,
  partners: [
    { partner: { id: 'p1', name: 'Beta Partners' }, tier: 'Gold', countries: ['DE'], regions: [], products: [],
      capacity: 0, active: true, open_leads: 2 },
    { partner: { id: 'p2', name: 'Gamma Resellers' }, tier: 'Silver', countries: [], regions: [], products: [],
      capacity: 5, active: false, open_leads: 0 },
  ],
} satisfies LeadRouting;

export const STATS = {
  items: [
    { partner: { id: 'p1', name: 'Beta Partners' }, offered: 4, accepted: 3, declined: 1, lapsed: 0, won: 1, lost: 0,
      converted: 2 },
  ] satisfies LeadPartnerStats[],
};
