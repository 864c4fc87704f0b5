import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, ApiError, setCsrfToken } from '../../api/client';

export type OrgKind = 'vendor' | 'distributor' | 'reseller';

export type Me = {
  user: { id: string; email: string; name: string };
  org: { id: string; name: string; kinds: OrgKind[] };
  role: 'owner' | 'admin' | 'manager' | 'member' | 'viewer';
  scopes: { regions: string[]; vendors: string[]; departments: string[] };
  csrf_token: string;
};

export type SignupInput = {
  email: string;
  password: string;
  name: string;
  org: { name: string; kinds: OrgKind[] };
};

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
export const useLogin = () => useSessionMutation<{ email: string; password: string }>('/api/v1/auth/login');

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/v1/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(['me'], null);
    },
  });
}
