import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { RequestJson, ResponseJson, Schemas } from '../../api/types';

export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookAttempt = WebhookDelivery['attempt_log'][number];
export type EndpointInput = RequestJson<'/api/v1/webhooks', 'post'>;
export type EndpointChanges = RequestJson<'/api/v1/webhooks/{id}', 'patch'>;

type EndpointPage = ResponseJson<'/api/v1/webhooks', 'get'>;
type DeliveryPage = ResponseJson<'/api/v1/webhooks/{id}/deliveries', 'get'>;

const WEBHOOKS = ['webhooks'];
// The server keeps at most 20 endpoints per organisation: one page holds them all.
const MAX_ENDPOINTS = 20;
const DELIVERIES_PER_PAGE = 20;
// How often the log is asked again while a delivery waits for its next attempt.
const PENDING_REFRESH_MS = 3_000;

const path = (id: string) => `/api/v1/webhooks/${encodeURIComponent(id)}`;

export function useWebhooks() {
  return useQuery({
    queryKey: [...WEBHOOKS, 'list'],
    queryFn: async () => (await api.get<EndpointPage>(`/api/v1/webhooks?limit=${MAX_ENDPOINTS}`)).items,
  });
}

// The endpoint's newest delivery, for its row in the table; null before the first.
export function useLatestDelivery(id: string) {
  return useQuery({
    queryKey: [...WEBHOOKS, 'deliveries', id, 'latest'],
    queryFn: async () => (await api.get<DeliveryPage>(`${path(id)}/deliveries?limit=1`)).items[0] ?? null,
    refetchInterval: (query) => (query.state.data?.state === 'pending' ? PENDING_REFRESH_MS : false),
  });
}

// The endpoint's deliveries, newest first, a page at a time; asked again every few seconds while
// any of them is still pending.
export function useDeliveries(id: string) {
  return useInfiniteQuery({
    queryKey: [...WEBHOOKS, 'deliveries', id, 'log'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api.get<DeliveryPage>(
        `${path(id)}/deliveries?limit=${DELIVERIES_PER_PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((delivery) => delivery.state === 'pending'))
        ? PENDING_REFRESH_MS
        : false,
  });
}

// Every change refreshes the endpoints and their logs.
function useWebhookMutation<Input, Output>(run: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => client.invalidateQueries({ queryKey: WEBHOOKS }),
  });
}

// The answer carries the signing secret, shown this once.
export const useCreateWebhook = () =>
  useWebhookMutation((input: EndpointInput) => api.post<WebhookEndpoint>('/api/v1/webhooks', input));

export const useUpdateWebhook = () =>
  useWebhookMutation(({ id, changes }: { id: string; changes: EndpointChanges }) =>
    api.patch<WebhookEndpoint>(path(id), changes));

export const useDeleteWebhook = () => useWebhookMutation((id: string) => api.delete<void>(path(id)));

// A new secret in the answer; the old one stops signing at once.
export const useRotateWebhookSecret = () =>
  useWebhookMutation((id: string) => api.post<WebhookEndpoint>(`${path(id)}/rotate-secret`));

// Queues a test "ping" delivery; the log shows it once sent.
export const usePingWebhook = () =>
  useWebhookMutation((id: string) => api.post<WebhookDelivery>(`${path(id)}/ping`));

// The endpoint with its current secret, asked for on demand and never cached.
export function useRevealWebhookSecret() {
  return useMutation({
    mutationFn: (id: string) => api.get<WebhookEndpoint>(`${path(id)}?reveal_secret=true`),
  });
}
