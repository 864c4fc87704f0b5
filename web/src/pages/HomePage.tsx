import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlugConnected } from '@tabler/icons-react';

import { ApiError } from '../api/client';
import { useReadiness, useVersion } from '../api/system';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

function ServerStatus() {
  const version = useVersion();
  const readiness = useReadiness();

  if (version.isPending || readiness.isPending) {
    return (
      <Group gap="sm" role="status">
        <Loader size="sm" />
        <Text>Checking the server…</Text>
      </Group>
    );
  }
  const problem = version.error ?? readiness.error;
  if (problem) {
    const detail = problem instanceof ApiError ? problem.detail || problem.title : problem.message;
    return (
      <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title="The server is not ready">
        {detail}
      </Alert>
    );
  }
  if (!version.data || !readiness.data) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Card withBorder>
        <Text size="sm" c="dimmed">
          Server
        </Text>
        <Group gap="xs" mt={4}>
          <Badge color="green" variant="dot">
            Ready
          </Badge>
          <Text fw={600} data-testid="server-version">
            {version.data.name} {version.data.version}
          </Text>
        </Group>
      </Card>
      <Card withBorder>
        <Text size="sm" c="dimmed">
          Database
        </Text>
        <Text fw={600} mt={4}>
          {readiness.data.database === 'postgresql' ? 'PostgreSQL' : 'SQLite'}
        </Text>
      </Card>
      <Card withBorder>
        <Text size="sm" c="dimmed">
          Schema version
        </Text>
        <Text fw={600} mt={4}>
          {readiness.data.schema_version}
        </Text>
      </Card>
    </SimpleGrid>
  );
}

export function HomePage() {
  return (
    <Stack gap="xl">
      <PageHeader
        title="Welcome to Strata"
        description="One portal for every vendor, distributor and partner you work with."
      />
      <section aria-labelledby="status-heading">
        <Title order={2} size="h4" id="status-heading" mb="sm">
          Status
        </Title>
        <ServerStatus />
      </section>
      <EmptyState icon={<IconPlugConnected size={24} />} title="Your channel starts here">
        Sign-up, your organisation and your vendors, distributors and partners will appear here as
        soon as your network is set up.
      </EmptyState>
    </Stack>
  );
}
