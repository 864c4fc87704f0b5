import { useQuery } from '@tanstack/react-query';

import { api } from './client';
import type { ResponseJson } from './types';

export type Version = ResponseJson<'/api/v1/version', 'get'>;
export type Readiness = ResponseJson<'/readyz', 'get'>;

export function useVersion() {
  return useQuery({ queryKey: ['version'], queryFn: () => api.get<Version>('/api/v1/version') });
}

// Polls readiness so the page shows when the server or its database goes away.
export function useReadiness() {
  return useQuery({
    queryKey: ['readiness'],
    queryFn: () => api.get<Readiness>('/readyz'),
    refetchInterval: 30_000,
    retry: false,
  });
}
