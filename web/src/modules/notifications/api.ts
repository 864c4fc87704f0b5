import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { RequestJson, ResponseJson, Schemas } from '../../api/types';

export type Notification = Schemas['Notification'];

type Page = ResponseJson<'/api/v1/notifications', 'get'>;
type ReadInput = RequestJson<'/api/v1/notifications/read', 'post'>;

// The unread notifications and their count, asked again every minute.
export function useUnreadNotifications() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get<Page>('/api/v1/notifications?unread=true&limit=20'),
    refetchInterval: 60_000,
    retry: false,
  });
}

// The latest notifications, read or not, while the list is open.
export function useRecentNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'recent'],
    queryFn: () => api.get<Page>('/api/v1/notifications?limit=15'),
    enabled,
  });
}

export function useMarkNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ReadInput) =>
      api.post<ResponseJson<'/api/v1/notifications/read', 'post'>>('/api/v1/notifications/read', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
