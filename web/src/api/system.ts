import { useQuery } from '@tanstack/react-query';

import { api } from './client';

export type Version = { name: string; version: string };
export type Readiness = { status: string; database: string; schema_version: number };

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
