import { useInfiniteQuery } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { ResponseJson, Schemas } from '../../api/types';

export type AuditEvent = Schemas['AuditEvent'];

type Page = ResponseJson<'/api/v1/audit-events', 'get'>;

// The organisation's trail, a page at a time.
export function useAuditEvents() {
  return useInfiniteQuery({
    queryKey: ['audit-events'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api.get<Page>(`/api/v1/audit-events?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (last) => last.next_cursor,
  });
}
