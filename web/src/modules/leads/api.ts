import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import { importQuery, type LeadImportMapping } from './importMapping';
import type { RequestJson, ResponseJson, Schemas } from '../../api/types';

export type Lead = Schemas['Lead'];
export type LeadInput = Schemas['LeadInput'];
export type LeadChanges = Schemas['LeadChanges'];
export type LeadStatus = Schemas['LeadStatus'];
export type LeadOffer = Schemas['LeadOffer'];
export type LeadActivity = Schemas['LeadActivity'];
export type LeadRouting = Schemas['LeadRouting'];
export type RoutingPartner = LeadRouting['partners'][number];
export type LeadPartnerStats = Schemas['LeadPartnerStats'];
export type DistributeInput = RequestJson<'/api/v1/leads/{id}/distribute', 'post'>;
export type ActivityInput = RequestJson<'/api/v1/leads/{id}/activities', 'post'>;
export type ConvertInput = RequestJson<'/api/v1/leads/{id}/convert', 'post'>;
export type ConvertAnswer = ResponseJson<'/api/v1/leads/{id}/convert', 'post', 201>;
export type RoutingInput = RequestJson<'/api/v1/lead-routing', 'put'>;
export type PartnerRoutingInput = RequestJson<'/api/v1/lead-routing/partners/{id}', 'put'>;

export type LeadImportPreview = ResponseJson<'/api/v1/lead-imports', 'post'>;
export type LeadImportOutcome = ResponseJson<'/api/v1/lead-imports', 'post', 201>;

type LeadPage = ResponseJson<'/api/v1/leads', 'get'>;
type StatsPage = ResponseJson<'/api/v1/lead-stats', 'get'>;

// `origin`: '' for every sender, OWN_LEADS for the organisation's own, or a sender's id.
export const OWN_LEADS = 'own';
export type LeadFilters = { status?: string; origin?: string; q?: string; waiting?: boolean };

// The query string of the inbox and of its CSV export, so that both hold the same leads.
export function leadQuery({ status, origin, q, waiting }: LeadFilters): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (origin) params.set('origin_id', origin === OWN_LEADS ? '' : origin);
  if (q?.trim()) params.set('q', q.trim());
  if (waiting) params.set('waiting', 'true');
  return params.toString();
}

export function leadExportUrl(filters: LeadFilters): string {
  const query = leadQuery(filters);
  return `/api/v1/leads?format=csv${query ? `&${query}` : ''}`;
}

const LEADS = ['leads'];

// The inbox, a page at a time; the previous page stays on screen while filters change.
export function useLeads(filters: LeadFilters) {
  return useInfiniteQuery({
    queryKey: [...LEADS, 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query = leadQuery(filters);
      const cursor = pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : '';
      return api.get<LeadPage>(`/api/v1/leads?limit=50${query ? `&${query}` : ''}${cursor}`);
    },
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}

export function useLead(id: string | undefined) {
  return useQuery({
    queryKey: [...LEADS, 'one', id],
    queryFn: () => api.get<Lead>(`/api/v1/leads/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

// Every change to a lead refreshes the inbox and the statistics, and the lead from the answer.
function useLeadMutation<Input, Output>(run: (input: Input) => Promise<Output>, leadOf: (output: Output) => Lead | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (output) => {
      const lead = leadOf(output);
      if (lead) client.setQueryData([...LEADS, 'one', lead.id], lead);
      void client.invalidateQueries({ queryKey: [...LEADS, 'list'] });
      void client.invalidateQueries({ queryKey: ['lead-stats'] });
      void client.invalidateQueries({ queryKey: ['lead-routing'] });
      void client.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

const itself = (lead: Lead) => lead;

export const useCreateLead = () =>
  useLeadMutation((input: LeadInput) => api.post<Lead>('/api/v1/leads', input), itself);

export const useUpdateLead = () =>
  useLeadMutation(({ id, changes }: { id: string; changes: LeadChanges }) =>
    api.patch<Lead>(`/api/v1/leads/${id}`, changes), itself);

export const useDistributeLead = () =>
  useLeadMutation(({ id, input }: { id: string; input: DistributeInput }) =>
    api.post<Lead>(`/api/v1/leads/${id}/distribute`, input), itself);

export const useAcceptLead = () =>
  useLeadMutation((id: string) => api.post<Lead>(`/api/v1/leads/${id}/accept`), itself);

// A declined lead is no longer the partner's: its cached copy goes.
export function useDeclineLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<ResponseJson<'/api/v1/leads/{id}/decline', 'post'>>(`/api/v1/leads/${id}/decline`,
        reason.trim() ? { reason: reason.trim() } : {}),
    onSuccess: (_answer, { id }) => {
      client.removeQueries({ queryKey: [...LEADS, 'one', id] });
      void client.invalidateQueries({ queryKey: [...LEADS, 'list'] });
      void client.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export const useRecallLead = () =>
  useLeadMutation((id: string) => api.post<Lead>(`/api/v1/leads/${id}/recall`), itself);

export const useAddActivity = () =>
  useLeadMutation(({ id, input }: { id: string; input: ActivityInput }) =>
    api.post<Lead>(`/api/v1/leads/${id}/activities`, input), itself);

export const useConvertLead = () =>
  useLeadMutation(({ id, input }: { id: string; input: ConvertInput }) =>
    api.post<ConvertAnswer>(`/api/v1/leads/${id}/convert`, input), (answer) => answer.lead);

// A CSV file's header, first rows and suggested mapping; nothing is stored.
export const usePreviewLeadImport = () =>
  useMutation({ mutationFn: (file: File) => api.postFile<LeadImportPreview>('/api/v1/lead-imports?preview=true', file) });

// Every row of the file as a lead, or none.
export function useImportLeads() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mapping }: { file: File; mapping: LeadImportMapping }) =>
      api.postFile<LeadImportOutcome>(`/api/v1/lead-imports?${importQuery(mapping)}`, file),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [...LEADS, 'list'] });
    },
  });
}

// How the organisation routes its leads, and how each partner answered them.
export function useLeadRouting(enabled = true) {
  return useQuery({
    queryKey: ['lead-routing'],
    queryFn: () => api.get<LeadRouting>('/api/v1/lead-routing'),
    enabled,
  });
}

export function useLeadStats() {
  return useQuery({ queryKey: ['lead-stats'], queryFn: () => api.get<StatsPage>('/api/v1/lead-stats') });
}

function useRoutingMutation<Input>(run: (input: Input) => Promise<LeadRouting>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (routing) => client.setQueryData(['lead-routing'], routing),
  });
}

export const useSaveRouting = () =>
  useRoutingMutation((input: RoutingInput) => api.put<LeadRouting>('/api/v1/lead-routing', input));

export const useSavePartnerRouting = () =>
  useRoutingMutation(({ partnerId, input }: { partnerId: string; input: PartnerRoutingInput }) =>
    api.put<LeadRouting>(`/api/v1/lead-routing/partners/${encodeURIComponent(partnerId)}`, input));
