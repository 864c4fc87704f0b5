// The routing settings as typed: one weight per tier the partners have, and the default hours.
import type { FieldErrors } from '../../api/client';
import type { LeadRouting, RoutingInput } from './api';

export type RoutingDraft = { weights: Record<string, number | string>; defaultHours: number | string };

// The tiers to weigh: those the partners have, and any the settings already name, in order.
export function tiersOf(routing: LeadRouting): string[] {
  const tiers = new Set<string>();
  for (const entry of routing.partners) if (entry.tier) tiers.add(entry.tier);
  for (const tier of Object.keys(routing.tier_weights)) tiers.add(tier);
  return [...tiers].sort((a, b) => a.localeCompare(b));
}

// A tier the settings do not name weighs 1, as the router counts it.
export const routingDraftOf = (routing: LeadRouting): RoutingDraft => ({
  weights: Object.fromEntries(tiersOf(routing).map((tier) => [tier, routing.tier_weights[tier] ?? 1])),
  defaultHours: routing.default_sla_hours,
});

const isWhole = (value: number | string, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

// The body to send, or the messages by the API's field names (`tier_weights.Gold`).
export function routingInput(draft: RoutingDraft): { input: RoutingInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const weights: Record<string, number> = {};
  for (const [tier, weight] of Object.entries(draft.weights)) {
    if (isWhole(weight, 0, 100)) weights[tier] = weight;
    else errors[`tier_weights.${tier}`] = 'From 0 to 100';
  }
  if (!isWhole(draft.defaultHours, 1, 720)) errors.default_sla_hours = 'From 1 to 720 hours';
  return { input: { tier_weights: weights, default_sla_hours: Number(draft.defaultHours) }, errors };
}

// A list typed with commas ("DE, at ,FR") as the API takes it; countries in capitals.
export function listOf(text: string, upper = false): string[] {
  return text.split(',').map((item) => (upper ? item.trim().toUpperCase() : item.trim())).filter(Boolean);
}
