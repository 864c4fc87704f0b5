import { Avatar, Badge, Group, Paper, Stack, Text } from '@mantine/core';

import type { VendorEntry } from './api';

// A partner's vendors in one list, each with how it reaches them.
export function VendorList({ vendors }: { vendors: VendorEntry[] }) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {vendors.map((entry) => (
        <Paper component="li" key={entry.vendor.id} id={`vendor-${entry.vendor.id}`} withBorder p="sm"
          data-testid={`vendor-${entry.vendor.name}`}>
          <Group justify="space-between">
            <Group gap="sm">
              <Avatar src={entry.vendor.logo_url ?? null} radius="xl" alt="">
                {entry.vendor.name.slice(0, 1)}
              </Avatar>
              <Text fw={600}>{entry.vendor.name}</Text>
            </Group>
            <Group gap="xs">
              {entry.routes.map((route) => (
                <Badge key={route.relationship_id} variant="outline" color={route.type === 'direct' ? 'strata' : 'grape'}>
                  {route.type === 'direct' ? 'Direct' : `Through ${route.distributor?.name}`}
                </Badge>
              ))}
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
