import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { RequestJson, ResponseJson, Schemas } from '../../api/types';

export type Member = Schemas['Member'];
export type Invitation = Schemas['MemberInvitation'];

type InviteInput = RequestJson<'/api/v1/member-invitations', 'post'>;
type AccessChange = RequestJson<'/api/v1/members/{user_id}', 'patch'>;

export function useMembers() {
  return useQuery({
    queryKey: ['members'],
    queryFn: async () => (await api.get<ResponseJson<'/api/v1/members', 'get'>>('/api/v1/members')).items,
  });
}

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: ['member-invitations'],
    queryFn: async () => (await api.get<ResponseJson<'/api/v1/member-invitations', 'get'>>('/api/v1/member-invitations')).items,
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
  useTeamMutation((input: InviteInput) =>
    api.post<Invitation>('/api/v1/member-invitations', input),
  );

export const useRevokeInvitation = () =>
  useTeamMutation((id: string) => api.delete<void>(`/api/v1/member-invitations/${id}`));

export const useChangeMember = () =>
  useTeamMutation((input: AccessChange & { userId: string }) =>
    api.patch<Member>(`/api/v1/members/${input.userId}`, {
      role: input.role,
      scopes: input.scopes,
    } satisfies AccessChange),
  );

export const useRemoveMember = () =>
  useTeamMutation((userId: string) => api.delete<void>(`/api/v1/members/${userId}`));

export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (token: string) =>
      api.post<Invitation>('/api/v1/member-invitations/accept', {
        token,
      } satisfies RequestJson<'/api/v1/member-invitations/accept', 'post'>),
  });
}
