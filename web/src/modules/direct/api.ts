import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { ResponseJson, Schemas } from '../../api/types';

export type DirectOpportunity = Schemas['DirectOpportunity'];
export type DirectOpportunityInput = Schemas['DirectOpportunityInput'];
export type DirectOpportunityChanges = Schemas['DirectOpportunityChanges'];
export type OpportunityStatus = DirectOpportunity['status'];
export type ImportResult = ResponseJson<'/api/v1/direct-opportunities/import', 'post'>;

type Page = ResponseJson<'/api/v1/direct-opportunities', 'get'>;

export type OpportunityFilters = { status?: OpportunityStatus | ''; q?: string };

// The vendor's own sales pipeline, a page at a time, newest first.
export function useDirectOpportunities({ status, q }: OpportunityFilters) {
  return useInfiniteQuery({
    queryKey: ['direct-opportunities', { status, q }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      if (status) params.set('status', status);
      if (q?.trim()) params.set('q', q.trim());
      if (pageParam) params.set('cursor', pageParam);
      return api.get<Page>(`/api/v1/direct-opportunities?${params.toString()}`);
    },
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}

function useOpportunityMutation<Input, Output>(run: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => void client.invalidateQueries({ queryKey: ['direct-opportunities'] }),
  });
}

export const useCreateOpportunity = () =>
  useOpportunityMutation((input: DirectOpportunityInput) =>
    api.post<DirectOpportunity>('/api/v1/direct-opportunities', input),
  );

export const useUpdateOpportunity = () =>
  useOpportunityMutation(({ id, changes }: { id: string; changes: DirectOpportunityChanges }) =>
    api.patch<DirectOpportunity>(`/api/v1/direct-opportunities/${id}`, changes),
  );

export const useDeleteOpportunity = () =>
  useOpportunityMutation((id: string) => api.delete<void>(`/api/v1/direct-opportunities/${id}`));

// Sends a CSV file as it is, as text/csv, whatever type the browser guessed for it.
export const useImportOpportunities = () =>
  useOpportunityMutation((file: File) =>
    api.postFile<ImportResult>('/api/v1/direct-opportunities/import', new Blob([file], { type: 'text/csv' })),
  );

