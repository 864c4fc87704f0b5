import { ActionIcon, Box, Group, Indicator, Loader, Menu, Text } from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';

import { formatInstant } from '../deals/labels';
import { type Notification, useMarkNotificationsRead, useRecentNotifications, useUnreadNotifications } from './api';

function NotificationLine({ notification }: { notification: Notification }) {
  const unread = notification.read_at === null;
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Box w={8} h={8} mt={6} style={{ borderRadius: 4, flexShrink: 0 }}
        bg={unread ? 'var(--mantine-primary-color-filled)' : 'transparent'} aria-hidden />
      <div>
        <Text size="sm" fw={unread ? 600 : 400}>
          {unread && <span className="visually-hidden">Unread: </span>}
          {notification.title}
        </Text>
        <Text size="xs" c="dimmed">{formatInstant(notification.created_at)} UTC</Text>
      </div>
    </Group>
  );
}

// Where a notification leads: its deal, or else its lead.
export function linkOf(notification: Notification): string | null {
  if (notification.deal_id) return `/deals/${notification.deal_id}`;
  if (notification.lead_id) return `/leads/${notification.lead_id}`;
  return null;
}

// The header's bell: how many notifications are unread, the latest ones a click away.
export function NotificationsBell() {
  const [opened, setOpened] = useState(false);
  const unread = useUnreadNotifications();
  const recent = useRecentNotifications(opened);
  const mark = useMarkNotificationsRead();
  const count = unread.data?.unread ?? 0;
  const items = recent.data?.items ?? unread.data?.items ?? [];
  const label = count > 0 ? `Notifications, ${count} unread` : 'Notifications';

  const open = (notification: Notification) => {
    if (notification.read_at === null) mark.mutate({ ids: [notification.id] });
  };

  return (
    <Menu position="bottom-end" width={340} withinPortal opened={opened} onChange={setOpened}>
      <Menu.Target>
        <ActionIcon variant="default" size="lg" aria-label={label} data-testid="notifications-bell"
          style={{ overflow: 'visible' }}>
          <Indicator label={count > 99 ? '99+' : count} size={16} color="red.9" disabled={count === 0} offset={-6}
            aria-hidden>
            <IconBell size={18} aria-hidden style={{ display: 'block' }} />
          </Indicator>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Notifications</Menu.Label>
        {recent.isPending && opened ? (
          <Group justify="center" p="sm">
            <Loader size="sm" aria-label="Loading notifications" />
          </Group>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            Nothing yet. Registrations, decisions, leads and expiry reminders appear here.
          </Text>
        ) : (
          items.map((notification) =>
            linkOf(notification) ? (
              <Menu.Item key={notification.id} component={Link} to={linkOf(notification) ?? ''}
                onClick={() => open(notification)}>
                <NotificationLine notification={notification} />
              </Menu.Item>
            ) : (
              <Menu.Item key={notification.id} onClick={() => open(notification)}>
                <NotificationLine notification={notification} />
              </Menu.Item>
            ),
          )
        )}
        <Menu.Divider />
        <Menu.Item leftSection={<IconChecks size={16} aria-hidden />} disabled={count === 0}
          closeMenuOnClick={false} onClick={() => mark.mutate({ all: true })}>
          Mark all read
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
