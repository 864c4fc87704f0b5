import { Alert, Loader, Paper, Stack, Title } from '@mantine/core';
import { IconBuildingStore, IconUsersGroup } from '@tabler/icons-react';

import { useMe } from '../modules/identity/api';
import { useRelationships, useVendors } from '../modules/network/api';
import { InviteForm } from '../modules/network/InviteForm';
import { RelationshipsTable } from '../modules/network/RelationshipsTable';
import { VendorList } from '../modules/network/VendorList';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

export function NetworkPage() {
  const me = useMe();
  const relationships = useRelationships();
  const vendors = useVendors();
  if (!me.data) return null;
  const { org, role } = me.data;
  const canManage = role === 'owner' || role === 'admin';
  const invites = org.kinds.includes('vendor') || org.kinds.includes('distributor');
  // Vendors sell through others; only resellers and distributors have vendors of their own.
  const hasVendors = org.kinds.includes('reseller') || org.kinds.includes('distributor');
  const carriedVendors = (relationships.data ?? [])
    .filter((r) => r.downstream.id === org.id && r.kind === 'distributor' && r.status === 'active')
    .map((r) => r.upstream);

  return (
    <Stack gap="xl">
      <PageHeader title="Network" description={`The organisations ${org.name} works with.`} />

      {invites && canManage && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            Invite an organisation
          </Title>
          <InviteForm kinds={org.kinds} />
        </Paper>
      )}

      {hasVendors && (
        <section aria-labelledby="vendors-heading">
          <Title order={2} size="h4" mb="sm" id="vendors-heading">
            Your vendors
          </Title>
          {vendors.isPending ? (
            <Loader size="sm" aria-label="Loading vendors" />
          ) : vendors.error ? (
            <Alert color="red" title="Cannot load your vendors">{vendors.error.message}</Alert>
          ) : vendors.data.length === 0 ? (
            <EmptyState icon={<IconBuildingStore size={24} />} title="No vendors yet">
              Vendors appear here when you accept their invitation, or when a distributor authorises you
              for them.
            </EmptyState>
          ) : (
            <VendorList vendors={vendors.data} />
          )}
        </section>
      )}

      <section aria-labelledby="relationships-heading">
        <Title order={2} size="h4" mb="sm" id="relationships-heading">
          Relationships
        </Title>
        {relationships.isPending ? (
          <Loader size="sm" aria-label="Loading relationships" />
        ) : relationships.error ? (
          <Alert color="red" title="Cannot load relationships">{relationships.error.message}</Alert>
        ) : relationships.data.length === 0 ? (
          <EmptyState icon={<IconUsersGroup size={24} />} title="No relationships yet">
            {invites
              ? 'Invite your distributors and resellers by the email of one of their members.'
              : 'Your vendors and distributors invite you; their invitations appear here.'}
          </EmptyState>
        ) : (
          <RelationshipsTable
            orgId={org.id}
            relationships={relationships.data}
            carriedVendors={carriedVendors}
            canManage={canManage}
          />
        )}
      </section>
    </Stack>
  );
}
