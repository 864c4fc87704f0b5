import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { RequestJson, ResponseJson, Schemas } from '../../api/types';

export type ApiToken = Schemas['ApiToken'];
export type IssuedToken = Schemas['IssuedApiToken'];
type TokenRequest = RequestJson<'/api/v1/api-tokens', 'post'>;
// The roles a token may act with: any but owner.
export type TokenRole = NonNullable<TokenRequest['role']>;

export function useApiTokens() {
  return useQuery({
    queryKey: ['api-tokens'],
    queryFn: async () => (await api.get<ResponseJson<'/api/v1/api-tokens', 'get'>>('/api/v1/api-tokens')).items,
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
  useTokenMutation((input: TokenRequest) => api.post<IssuedToken>('/api/v1/api-tokens', input));

export const useRevokeApiToken = () =>
  useTokenMutation((id: string) => api.delete<void>(`/api/v1/api-tokens/${id}`));
