import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { Role, Scopes } from '../identity/api';

export type Member = { user_id: string; email: string; name: string; role: Role; scopes: Scopes };

export type Invitation = {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  scopes: Scopes;
  status: 'pending' | 'accepted' | 'revoked';
  expires_at: string;
};

type Page<T> = { items: T[]; next_cursor: string | null };

export function useMembers() {
  return useQuery({
    queryKey: ['members'],
    queryFn: async () => (await api.get<Page<Member>>('/api/v1/members')).items,
  });
}

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: ['member-invitations'],
    queryFn: async () => (await api.get<Page<Invitation>>('/api/v1/member-invitations')).items,
    enabled,
  });
}

function useTeamMutation<Input, Output>(run: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['members'] });
      client.invalidateQueries({ queryKey: ['member-invitations'] });
    },
  });
}

export const useInviteMember = () =>
  useTeamMutation((input: { email: string; role: Role; scopes: Scopes }) =>
    api.post<Invitation>('/api/v1/member-invitations', input),
  );

export const useRevokeInvitation = () =>
  useTeamMutation((id: string) => api.delete<void>(`/api/v1/member-invitations/${id}`));

export const useChangeMember = () =>
  useTeamMutation((input: { userId: string; role: Role; scopes: Scopes }) =>
    api.patch<Member>(`/api/v1/members/${input.userId}`, { role: input.role, scopes: input.scopes }),
  );

export const useRemoveMember = () =>
  useTeamMutation((userId: string) => api.delete<void>(`/api/v1/members/${userId}`));

export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (token: string) => api.post<Invitation>('/api/v1/member-invitations/accept', { token }),
  });
}
