import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { Role } from '../identity/api';

export type ApiToken = {
  id: string;
  org_id: string;
  name: string;
  role: Role;
  prefix: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

export type IssuedToken = ApiToken & { token: string };

export function useApiTokens() {
  return useQuery({
    queryKey: ['api-tokens'],
    queryFn: async () => (await api.get<{ items: ApiToken[] }>('/api/v1/api-tokens')).items,
  });
}

function useTokenMutation<Input, Output>(run: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
}

export const useCreateApiToken = () =>
  useTokenMutation((input: { name: string; role: Role }) => api.post<IssuedToken>('/api/v1/api-tokens', input));

export const useRevokeApiToken = () =>
  useTokenMutation((id: string) => api.delete<void>(`/api/v1/api-tokens/${id}`));
