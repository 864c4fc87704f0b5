// Words and colours for the lead values the API names by code, and the time left to answer.
import type { LeadActivity, LeadOffer, LeadStatus } from './api';

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  offered: 'Offered',
  unrouted: 'No partner matched',
  accepted: 'Accepted',
  contacted: 'Contacted',
  qualified: 'Qualified',
  won: 'Won',
  lost: 'Lost',
};

export const LEAD_STATUS_COLOURS: Record<LeadStatus, string> = {
  new: 'gray',
  offered: 'blue',
  unrouted: 'orange',
  accepted: 'cyan',
  contacted: 'indigo',
  qualified: 'violet',
  won: 'teal',
  lost: 'gray',
};

export const LEAD_STATUSES = Object.keys(LEAD_STATUS_LABELS) as LeadStatus[];

// What the partner that accepted a lead reports as it works it.
export const PARTNER_STATUSES: LeadStatus[] = ['contacted', 'qualified', 'won', 'lost'];

// What the owner of a lead reports while it works the lead itself.
export const OWNER_STATUSES: LeadStatus[] = ['new', ...PARTNER_STATUSES];

export const OFFER_STATE_LABELS: Record<LeadOffer['state'], string> = {
  offered: 'Waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  lapsed: 'Not answered in time',
  recalled: 'Taken back',
};

export const ROUTED_BY_LABELS: Record<LeadOffer['routed_by'], string> = {
  manual: 'Chosen by hand',
  region: 'Routing rules: region',
  country: 'Routing rules: country',
  subregion: 'Routing rules: subregion',
  continent: 'Routing rules: continent',
};

export const ACTIVITY_LABELS: Record<LeadActivity['kind'], string> = {
  note: 'Note',
  call: 'Call',
  email: 'Email',
  status: 'Status',
  offer: 'Offer',
  assigned: 'Assigned',
  converted: 'Registered as a deal',
};

// Below this, the time left to answer shows in the warning colour.
export const SLA_WARNING_MS = 4 * 60 * 60 * 1000;

export type Countdown = { text: string; tone: 'normal' | 'warning' | 'overdue' };

// The time left to answer an offer, in words: "Answer within 5 h 12 min", "Overdue" once past.
export function formatCountdown(dueIso: string, now: number): Countdown {
  const due = Date.parse(dueIso);
  if (Number.isNaN(due)) return { text: '', tone: 'normal' };
  const left = due - now;
  if (left <= 0) return { text: 'Overdue', tone: 'overdue' };
  const minutesLeft = Math.max(1, Math.floor(left / 60_000));
  const days = Math.floor(minutesLeft / (24 * 60));
  const hours = Math.floor((minutesLeft % (24 * 60)) / 60);
  const minutes = minutesLeft % 60;
  let span: string;
  if (days > 0) span = hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  else if (hours > 0) span = minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  else span = `${minutes} min`;
  return { text: `Answer within ${span}`, tone: left < SLA_WARNING_MS ? 'warning' : 'normal' };
}
