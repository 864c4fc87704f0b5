// Deals, vendors and rules as the server answers them, checked against the spec's types.
import type { Deal, DealRules, PartnerDealRules } from '../modules/deals/api';
import type { Me } from '../modules/identity/api';
import type { VendorEntry } from '../modules/network/api';
import { SIGNED_IN } from './fetchStub';

export const ACME = { id: 'v1', name: 'Acme', kinds: ['vendor'] } satisfies VendorEntry['vendor'];
export const DISTRI = { id: 'dist1', name: 'Distri', kinds: ['distributor'] } satisfies VendorEntry['vendor'];

export const RESELLER: Me = { ...SIGNED_IN, org: { id: 'r1', name: 'Resell Ltd', kinds: ['reseller'] } };
export const DISTRIBUTOR: Me = { ...SIGNED_IN, org: DISTRI };
export const VENDOR: Me = { ...SIGNED_IN, org: ACME };

export const VENDORS = {
  items: [
    {
      vendor: ACME,
      routes: [
        { relationship_id: 'rel1', type: 'direct' },
        { relationship_id: 'rel2', type: 'distributor', distributor: DISTRI },
      ],
    },
  ] satisfies VendorEntry[],
  next_cursor: null,
};

export const PARTNER_RULES = {
  vendor_id: 'v1',
  protection_days: 90,
  required_fields: ['customer.website', 'contact.email'],
  minimum_amount: { minor: 500000, currency: 'EUR' },
  precheck_enabled: true,
  precheck_per_hour: 20,
} satisfies PartnerDealRules;

export const VENDOR_RULES = {
  protection_days: 90,
  auto_approve: false,
  auto_approve_max_score: 0.5,
  required_fields: ['customer.website'],
  minimum_amount: null,
  precheck_enabled: false,
  precheck_per_hour: 10,
  updated_at: null,
} satisfies DealRules;

// A deal as its partner sees it; `overrides` change any field.
export function makeDeal(overrides: Partial<Deal> = {}): Deal {
  return {
    id: 'd1',
    side: 'partner',
    status: 'submitted',
    review_by: 'vendor',
    partner: { id: 'r1', name: 'Resell Ltd', kinds: ['reseller'] },
    vendor: ACME,
    distributor: null,
    customer: { company: 'Globex Corporation', website: 'globex.com', country: 'US', region: 'East', address: '' },
    contact: { name: 'Hank Scorpio', email: 'hank@globex.com', phone: '' },
    amount: { minor: 1250050, currency: 'EUR' },
    expected_close: '2026-06-30',
    lines: [{ sku: 'GX-1', description: 'Doomsday device', quantity: 2, amount: { minor: 1250050, currency: 'EUR' } }],
    shared_notes: 'Needs delivery in Q2',
    private_notes: 'Margin is thin',
    shared_fields: ['customer', 'contact', 'amount', 'expected_close', 'lines', 'shared_notes'],
    registered_at: '2026-03-01T09:15:02.123456Z',
    conflict_status: 'none',
    protected_until: null,
    decision_reason: null,
    extension: null,
    timeline: [
      { at: '2026-03-01T09:15:02.123456Z', kind: 'registered', side: 'partner', note: '', by: 'Ann Lee' },
      { at: '2026-03-01T09:00:00Z', kind: 'created', side: 'partner', note: '', by: 'Ann Lee' },
    ],
    created_at: '2026-03-01T09:00:00Z',
    updated_at: '2026-03-01T09:15:02Z',
    ...overrides,
  };
}
