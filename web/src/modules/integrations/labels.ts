// Words for the webhook values the API names by code.
import type { WebhookDelivery } from './api';

// Every kind, now and later, as the API spells it.
export const ALL_EVENTS = '*';

// The kinds Strata sends today, in the order a lead meets them.
export const EVENT_LABELS: Record<string, string> = {
  'lead.created': 'A lead is added',
  'lead.offered': 'A lead is offered to you',
  'lead.updated': 'A lead changes',
  'lead.withdrawn': 'A lead offered to you is taken back',
};

export const EVENT_KINDS = Object.keys(EVENT_LABELS);

// An endpoint's kinds in words, for the table.
export function eventsText(events: string[]): string {
  if (events.includes(ALL_EVENTS)) return 'All events';
  return events.join(', ');
}

export type DeliveryOutcome = { label: string; color: string };

// A delivery's state as a person reads it: queued, retrying, delivered or failed.
export function deliveryOutcome(delivery: WebhookDelivery): DeliveryOutcome {
  switch (delivery.state) {
    case 'delivered':
      return { label: 'Delivered', color: 'green' };
    case 'failed':
      return { label: 'Failed', color: 'red' };
    default:
      return delivery.attempts === 0 ? { label: 'Queued', color: 'blue' } : { label: 'Retrying', color: 'orange' };
  }
}

// An attempt's answer: the HTTP status, or that none came.
export function statusText(status: number | null): string {
  return status === null ? 'No answer' : `HTTP ${status}`;
}
