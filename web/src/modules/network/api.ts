import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';

export type OrgRef = {
  id: string;
  name: string;
  kinds: string[];
  awaiting_sign_up?: boolean;
  logo_url?: string | null;
};
export type RelationshipStatus = 'invited' | 'active' | 'declined' | 'suspended' | 'ended';
export type RelationshipAction = 'accept' | 'decline' | 'suspend' | 'reactivate' | 'end';

export type Relationship = {
  id: string;
  status: RelationshipStatus;
  kind: 'distributor' | 'reseller';
  tier: string;
  upstream: OrgRef;
  downstream: OrgRef;
  vendor_ids: string[];
  created_at: string;
  updated_at: string;
};

export type VendorEntry = {
  vendor: OrgRef;
  routes: { relationship_id: string; type: 'direct' | 'distributor'; distributor?: OrgRef }[];
};

type Page<T> = { items: T[]; next_cursor: string | null };

// Every relationship of the organisation, following the cursor to the end.
export function useRelationships() {
  return useQuery({
    queryKey: ['relationships'],
    queryFn: async () => {
      const all: Relationship[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page: Page<Relationship> = await api.get(`/api/v1/relationships?limit=200${query}`);
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
    queryFn: async () => (await api.get<Page<VendorEntry>>('/api/v1/vendors')).items,
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
  useNetworkMutation((input: { email?: string; org_id?: string; kind: string }) =>
    api.post<Relationship>('/api/v1/relationships', input),
  );

export const useRelationshipAction = () =>
  useNetworkMutation(({ id, action }: { id: string; action: RelationshipAction }) =>
    api.post<Relationship>(`/api/v1/relationships/${id}/${action}`),
  );

export const useAuthorizations = () =>
  useNetworkMutation(({ id, vendorIds }: { id: string; vendorIds: string[] }) =>
    api.put<Relationship>(`/api/v1/relationships/${id}/authorizations`, { vendor_ids: vendorIds }),
  );

export const useSetTier = () =>
  useNetworkMutation(({ id, tier }: { id: string; tier: string }) =>
    api.patch<Relationship>(`/api/v1/relationships/${id}`, { tier }),
  );

// An organisation already on Strata takes up a partner invitation mailed to another address.
export function useTakeUpInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      api.post<Page<Relationship>>('/api/v1/network-invitations/accept', { token }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['relationships'] });
      void client.invalidateQueries({ queryKey: ['vendors'] });
    },
  });
}
