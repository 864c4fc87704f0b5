import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, ApiError, setCsrfToken } from '../../api/client';
import type { RequestJson, ResponseJson, Schemas } from '../../api/types';

export type OrgKind = Schemas['OrgKind'];

export type Role = Schemas['Role'];
export type Scopes = Schemas['GrantedScopes'];

export type Me = Schemas['Principal'];

// With `invitation`, the token of the emailed invitation the account is created from.
export type SignupInput = RequestJson<'/api/v1/auth/signup', 'post'>;
type LoginInput = RequestJson<'/api/v1/auth/login', 'post'>;
type SwitchOrgInput = RequestJson<'/api/v1/auth/switch-org', 'post'>;

export type MyOrg = Schemas['MyOrg'];

// Whether the signed-in person manages the organisation (owners and admins).
export const isAdmin = (role: Role | undefined) => role === 'owner' || role === 'admin';

// The signed-in principal, or null when nobody is signed in.
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api.get<Me>('/api/v1/me');
        setCsrfToken(me.csrf_token);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    retry: false,
  });
}

function useSessionMutation<Input>(path: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => api.post<Me>(path, input),
    onSuccess: (me) => {
      setCsrfToken(me.csrf_token);
      client.clear();
      client.setQueryData(['me'], me);
    },
  });
}

export const useSignup = () => useSessionMutation<SignupInput>('/api/v1/auth/signup');
export const useLogin = () => useSessionMutation<LoginInput>('/api/v1/auth/login');

// Ends this session, or with `everywhere` every session of the person.
export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (everywhere?: boolean) =>
      api.post<void>(everywhere ? '/api/v1/auth/logout-everywhere' : '/api/v1/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(['me'], null);
    },
  });
}

// Every organisation the signed-in person belongs to.
export function useMyOrgs() {
  return useQuery({
    queryKey: ['me', 'orgs'],
    queryFn: async () => (await api.get<ResponseJson<'/api/v1/me/orgs', 'get'>>('/api/v1/me/orgs')).items,
  });
}

// Moves the session to another organisation; everything cached belonged to the old one.
export const useSwitchOrg = () => useSessionMutation<SwitchOrgInput>('/api/v1/auth/switch-org');

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (input: RequestJson<'/api/v1/auth/password-reset', 'post'>) =>
      api.post<ResponseJson<'/api/v1/auth/password-reset', 'post', 202>>('/api/v1/auth/password-reset', input),
  });
}

// Changes the password; the server ends every session and hands this browser a new one.
export const useChangePassword = () =>
  useSessionMutation<RequestJson<'/api/v1/auth/password', 'post'>>('/api/v1/auth/password');

export function useCompletePasswordReset() {
  return useMutation({
    mutationFn: (input: RequestJson<'/api/v1/auth/password-reset/confirm', 'post'>) =>
      api.post<void>('/api/v1/auth/password-reset/confirm', input),
  });
}
