import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { RequestJson, ResponseJson, Schemas } from '../../api/types';

export type Deal = Schemas['Deal'];
export type DealInput = Schemas['DealInput'];
export type DealChanges = Schemas['DealChanges'];
export type DealStatus = Schemas['DealStatus'];
export type DealConflict = Schemas['DealConflict'];
export type DealEvent = Schemas['DealEvent'];
export type DealField = Schemas['DealField'];
export type DealLine = Schemas['DealLine'];
export type DealRules = Schemas['DealRules'];
export type DealRulesInput = Schemas['DealRulesInput'];
export type PartnerDealRules = Schemas['PartnerDealRules'];
// How the organisation looks at deals: its own, or those it reviews.
export type DealSide = 'own' | 'vendor' | 'distributor';
export type Decision = RequestJson<'/api/v1/deals/{id}/decision', 'post'>['decision'];

type DealPage = ResponseJson<'/api/v1/deals', 'get'>;
type PrecheckInput = RequestJson<'/api/v1/deals/precheck', 'post'>;
type PrecheckAnswer = ResponseJson<'/api/v1/deals/precheck', 'post'>;

export type DealFilters = { side: DealSide; status?: string; vendorId?: string; q?: string };

// The query string of the list and of its CSV export, so that both show the same deals.
export function dealQuery({ side, status, vendorId, q }: DealFilters): string {
  const params = new URLSearchParams({ side });
  if (status) params.set('status', status);
  if (vendorId) params.set('vendor_id', vendorId);
  if (q?.trim()) params.set('q', q.trim());
  return params.toString();
}

export const dealExportUrl = (filters: DealFilters) => `/api/v1/deals/export?${dealQuery(filters)}`;

// A list of deals, a page at a time; the previous page stays on screen while filters change.
export function useDeals(filters: DealFilters) {
  return useInfiniteQuery({
    queryKey: ['deals', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api.get<DealPage>(
        `/api/v1/deals?${dealQuery(filters)}&limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}

export function useDeal(id: string | undefined) {
  return useQuery({
    queryKey: ['deal', id],
    queryFn: () => api.get<Deal>(`/api/v1/deals/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

// What a vendor asks of a registration; only fetched once a vendor is chosen.
export function useVendorDealRules(vendorId: string | null) {
  return useQuery({
    queryKey: ['vendor-deal-rules', vendorId],
    queryFn: () => api.get<PartnerDealRules>(`/api/v1/vendors/${encodeURIComponent(vendorId ?? '')}/deal-rules`),
    enabled: Boolean(vendorId),
  });
}

// Every change to a deal refreshes the lists, and the deal itself from the answer.
function useDealMutation<Input>(run: (input: Input) => Promise<Deal | void>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (deal) => {
      if (deal) client.setQueryData(['deal', deal.id], deal);
      void client.invalidateQueries({ queryKey: ['deals'] });
      void client.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export const useCreateDeal = () => useDealMutation((input: DealInput) => api.post<Deal>('/api/v1/deals', input));

export const useUpdateDeal = () =>
  useDealMutation(({ id, changes }: { id: string; changes: DealChanges }) =>
    api.patch<Deal>(`/api/v1/deals/${id}`, changes),
  );

export const useSubmitDeal = () => useDealMutation((id: string) => api.post<Deal>(`/api/v1/deals/${id}/submit`));

export const useDeleteDeal = () => useDealMutation((id: string) => api.delete<void>(`/api/v1/deals/${id}`));

export const useWithdrawDeal = () =>
  useDealMutation((id: string) => api.post<Deal>(`/api/v1/deals/${id}/withdraw`));

export const useCloseDeal = () =>
  useDealMutation(({ id, outcome }: { id: string; outcome: 'won' | 'lost' }) =>
    api.post<Deal>(`/api/v1/deals/${id}/outcome`, {
      outcome,
    } satisfies RequestJson<'/api/v1/deals/{id}/outcome', 'post'>),
  );

export const useRequestExtension = () =>
  useDealMutation(({ id, reason }: { id: string; reason: string }) =>
    api.post<Deal>(`/api/v1/deals/${id}/extension-request`, {
      reason,
    } satisfies RequestJson<'/api/v1/deals/{id}/extension-request', 'post'>),
  );

export const useAnswerExtension = () =>
  useDealMutation(({ id, ...answer }: { id: string } & RequestJson<'/api/v1/deals/{id}/extension', 'post'>) =>
    api.post<Deal>(`/api/v1/deals/${id}/extension`, answer),
  );

export const useDecideDeal = () =>
  useDealMutation(({ id, decision, reason }: { id: string; decision: Decision; reason: string }) =>
    api.post<Deal>(`/api/v1/deals/${id}/decision`, {
      decision,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    } satisfies RequestJson<'/api/v1/deals/{id}/decision', 'post'>),
  );

// Asks blind whether another partner already protects the customer; the answer is yes or no.
export function usePrecheck() {
  return useMutation({
    mutationFn: (input: PrecheckInput) => api.post<PrecheckAnswer>('/api/v1/deals/precheck', input),
  });
}

// The vendor's own rules.
export function useDealRules() {
  return useQuery({ queryKey: ['deal-rules'], queryFn: () => api.get<DealRules>('/api/v1/deal-rules') });
}

export function useSaveDealRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DealRulesInput) => api.put<DealRules>('/api/v1/deal-rules', input),
    onSuccess: (rules) => client.setQueryData(['deal-rules'], rules),
  });
}
