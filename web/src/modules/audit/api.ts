import { useInfiniteQuery } from '@tanstack/react-query';

import { api } from '../../api/client';

export type AuditEvent = {
  id: string;
  org_id: string;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string;
  detail: Record<string, unknown>;
  remote_address: string;
  request_id: string;
  at: string;
};

type Page = { items: AuditEvent[]; next_cursor: string | null };

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
