import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { useEffect } from 'react';

import { api } from '../../api/client';
import type { RequestJson, ResponseJson, Schemas } from '../../api/types';
import { type ContactFilters, contactsQuery } from './mapping';

export type Contact = Schemas['Contact'];
export type ContactInput = Schemas['ContactInput'];
export type ContactDetail = Schemas['ContactDetail'];
export type Consent = Schemas['Consent'];
export type ConsentBasis = Schemas['ConsentBasis'];
export type ContactSource = Schemas['ContactSource'];
export type ContactList = Schemas['ContactList'];
export type ContactFilter = Schemas['ContactFilter'];
export type ContactImport = Schemas['ContactImport'];
export type Suppression = Schemas['Suppression'];
export type MarketingCap = Schemas['MarketingCap'];
export type PersonalData = Schemas['PersonalData'];
export type PrivacyRequest = Schemas['PrivacyRequest'];
export type BulkInput = RequestJson<'/api/v1/contacts/bulk', 'post'>;
export type StartInput = RequestJson<'/api/v1/contact-imports/{id}/start', 'post'>;
export type ConsentInput = RequestJson<'/api/v1/contacts/{id}/consents', 'post'>;
export type EraseResult = ResponseJson<'/api/v1/privacy/erase', 'post'>;

type ContactPage = ResponseJson<'/api/v1/contacts', 'get'>;
type ListPage = ResponseJson<'/api/v1/contact-lists', 'get'>;
type ImportPage = ResponseJson<'/api/v1/contact-imports', 'get'>;
type SuppressionPage = ResponseJson<'/api/v1/suppressions', 'get'>;
type RequestPage = ResponseJson<'/api/v1/privacy/requests', 'get'>;

// Every query of the module starts with one of these, so that a change refreshes what it touches.
const CONTACTS = ['contacts'];
const LISTS = ['contact-lists'];
const IMPORTS = ['contact-imports'];
const SUPPRESSIONS = ['suppressions'];
const PRIVACY = ['privacy-requests'];

// The organisation's contacts, a page at a time, newest first, with the total the filters match.
export function useContacts(filters: ContactFilters) {
  return useInfiniteQuery({
    queryKey: [...CONTACTS, 'list', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get<ContactPage>(`/api/v1/contacts?${contactsQuery(filters, pageParam)}`),
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string) {
  return useQuery({
    queryKey: [...CONTACTS, 'one', id],
    queryFn: () => api.get<ContactDetail>(`/api/v1/contacts/${id}`),
  });
}

function useContactsMutation<Input, Output>(run: (input: Input) => Promise<Output>, also: string[][] = []) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: CONTACTS });
      for (const key of also) void client.invalidateQueries({ queryKey: key });
    },
  });
}

export const useCreateContact = () =>
  useContactsMutation((input: ContactInput) => api.post<Contact>('/api/v1/contacts', input));

export const useUpdateContact = () =>
  useContactsMutation(({ id, changes }: { id: string; changes: ContactInput }) =>
    api.patch<Contact>(`/api/v1/contacts/${id}`, changes));

export const useBulkContacts = () =>
  useContactsMutation((input: BulkInput) => api.post<{ changed: number }>('/api/v1/contacts/bulk', input),
    [LISTS, SUPPRESSIONS]);

export const useRecordConsent = () =>
  useContactsMutation(({ id, input }: { id: string; input: ConsentInput }) =>
    api.post<Consent>(`/api/v1/contacts/${id}/consents`, input), [SUPPRESSIONS]);

// Lists (members added by hand) and segments (a saved filter), by name, with their sizes.
export function useContactLists() {
  return useQuery({ queryKey: LISTS, queryFn: () => api.get<ListPage>('/api/v1/contact-lists') });
}

function useListsMutation<Input, Output>(run: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: LISTS });
      void client.invalidateQueries({ queryKey: CONTACTS });
    },
  });
}

export const useCreateList = () =>
  useListsMutation((input: { name: string; kind: 'list' | 'segment'; filter?: ContactFilter }) =>
    api.post<ContactList>('/api/v1/contact-lists', input));

export const useUpdateList = () =>
  useListsMutation(({ id, changes }: { id: string; changes: { name?: string; filter?: ContactFilter } }) =>
    api.patch<ContactList>(`/api/v1/contact-lists/${id}`, changes));

export const useDeleteList = () =>
  useListsMutation((id: string) => api.delete<void>(`/api/v1/contact-lists/${id}`));

// Imports: the recent ones, and one followed every 500 ms while it is queued or running.
export function useContactImports() {
  return useQuery({ queryKey: IMPORTS, queryFn: () => api.get<ImportPage>('/api/v1/contact-imports') });
}

export const isImportRunning = (status: ContactImport['status'] | undefined) =>
  status === 'queued' || status === 'running';

export function useContactImport(id: string | null) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: [...IMPORTS, id],
    queryFn: () => api.get<ContactImport>(`/api/v1/contact-imports/${id}`),
    enabled: id !== null,
    refetchInterval: (current) => (isImportRunning(current.state.data?.status) ? 500 : false),
  });
  // When it ends, the contacts, the lists' sizes and the recent imports change.
  const status = query.data?.status;
  useEffect(() => {
    if (!status || isImportRunning(status) || status === 'uploaded') return;
    void client.invalidateQueries({ queryKey: IMPORTS, exact: true });
    if (status === 'completed') {
      void client.invalidateQueries({ queryKey: CONTACTS });
      void client.invalidateQueries({ queryKey: LISTS });
    }
  }, [client, status]);
  return query;
}

function useImportMutation<Input>(run: (input: Input) => Promise<ContactImport>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (found) => {
      client.setQueryData([...IMPORTS, found.id], found);
      void client.invalidateQueries({ queryKey: IMPORTS, exact: true });
      if (found.status === 'completed') void client.invalidateQueries({ queryKey: CONTACTS });
    },
  });
}

// Sends the file as it is, as text/csv, whatever type the browser guessed for it.
export const useUploadImport = () =>
  useImportMutation((file: File) =>
    api.postFile<ContactImport>(`/api/v1/contact-imports?file_name=${encodeURIComponent(file.name)}`,
      new Blob([file], { type: 'text/csv' })));

export const useStartImport = () =>
  useImportMutation(({ id, input }: { id: string; input: StartInput }) =>
    api.post<ContactImport>(`/api/v1/contact-imports/${id}/start`, input));

export const useCancelImport = () =>
  useImportMutation((id: string) => api.post<ContactImport>(`/api/v1/contact-imports/${id}/cancel`));

// The suppression list, one per organisation, honoured by every vendor's campaigns.
export function useSuppressions(q: string) {
  return useInfiniteQuery({
    queryKey: [...SUPPRESSIONS, q],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      if (q.trim()) params.set('q', q.trim());
      if (pageParam) params.set('cursor', pageParam);
      return api.get<SuppressionPage>(`/api/v1/suppressions?${params.toString()}`);
    },
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}

export const useSuppress = () =>
  useContactsMutation((input: { email: string; reason: Suppression['reason']; note?: string }) =>
    api.post<Suppression>('/api/v1/suppressions', input), [SUPPRESSIONS]);

export const useLiftSuppression = () =>
  useContactsMutation(({ id, reason }: { id: string; reason: string }) =>
    api.post<Suppression>(`/api/v1/suppressions/${id}/lift`, { reason }), [SUPPRESSIONS]);

// The frequency cap across every vendor's campaigns.
export function useMarketingCap() {
  return useQuery({ queryKey: ['marketing-cap'], queryFn: () => api.get<MarketingCap>('/api/v1/marketing-cap') });
}

export function useSetMarketingCap() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cap: MarketingCap) => api.put<MarketingCap>('/api/v1/marketing-cap', cap),
    onSuccess: (cap) => client.setQueryData(['marketing-cap'], cap),
  });
}

// Data-subject requests: what is held on an address, and erasing it.
export function usePrivacyRequests() {
  return useQuery({ queryKey: PRIVACY, queryFn: () => api.get<RequestPage>('/api/v1/privacy/requests') });
}

export function usePrivacyExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => api.post<PersonalData>('/api/v1/privacy/export', { email }),
    onSettled: () => void client.invalidateQueries({ queryKey: PRIVACY }),
  });
}

export function usePrivacyErase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => api.post<EraseResult>('/api/v1/privacy/erase', { email }),
    onSettled: () => {
      for (const key of [PRIVACY, CONTACTS, SUPPRESSIONS, LISTS]) void client.invalidateQueries({ queryKey: key });
    },
  });
}
