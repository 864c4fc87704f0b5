import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { RequestJson, ResponseJson, Schemas } from '../../api/types';

export type OrgRef = Schemas['OrgRef'];
export type Relationship = Schemas['Relationship'];
export type RelationshipStatus = Relationship['status'];
// The last segment of the routes POST /api/v1/relationships/{id}/ACTION.
export type RelationshipAction = 'accept' | 'decline' | 'suspend' | 'reactivate' | 'end';

export type VendorEntry = Schemas['VendorEntry'];

type RelationshipPage = ResponseJson<'/api/v1/relationships', 'get'>;
type InviteInput = RequestJson<'/api/v1/relationships', 'post'>;
// What an organisation may be invited as.
export type InviteKind = InviteInput['kind'];

// Every relationship of the organisation, following the cursor to the end.
export function useRelationships() {
  return useQuery({
    queryKey: ['relationships'],
    queryFn: async () => {
      const all: Relationship[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page: RelationshipPage = await api.get(`/api/v1/relationships?limit=200${query}`);
        all.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return all;
    },
  });
}

export function useVendors() {
  return useQuery({
    queryKey: ['vendors'],
    queryFn: async () => (await api.get<ResponseJson<'/api/v1/vendors', 'get'>>('/api/v1/vendors')).items,
  });
}

function useNetworkMutation<Input>(run: (input: Input) => Promise<Relationship>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['relationships'] });
      void client.invalidateQueries({ queryKey: ['vendors'] });
    },
  });
}

export const useInvite = () =>
  useNetworkMutation((input: InviteInput) =>
    api.post<Relationship>('/api/v1/relationships', input),
  );

export const useRelationshipAction = () =>
  useNetworkMutation(({ id, action }: { id: string; action: RelationshipAction }) =>
    api.post<Relationship>(`/api/v1/relationships/${id}/${action}`),
  );

export const useAuthorizations = () =>
  useNetworkMutation(({ id, vendorIds }: { id: string; vendorIds: string[] }) =>
    api.put<Relationship>(`/api/v1/relationships/${id}/authorizations`, {
      vendor_ids: vendorIds,
    } satisfies RequestJson<'/api/v1/relationships/{id}/authorizations', 'put'>),
  );

export const useSetTier = () =>
  useNetworkMutation(({ id, tier }: { id: string; tier: string }) =>
    api.patch<Relationship>(`/api/v1/relationships/${id}`, {
      tier,
    } satisfies RequestJson<'/api/v1/relationships/{id}', 'patch'>),
  );

// An organisation already on Strata takes up a partner invitation mailed to another address.
export function useTakeUpInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      api.post<ResponseJson<'/api/v1/network-invitations/accept', 'post'>>('/api/v1/network-invitations/accept', {
        token,
      } satisfies RequestJson<'/api/v1/network-invitations/accept', 'post'>),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['relationships'] });
      void client.invalidateQueries({ queryKey: ['vendors'] });
    },
  });
}
