import { Alert, Button, Group, Loader, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconPlus, IconReceipt, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';

import { dealExportUrl, type DealFilters, useDeals } from '../modules/deals/api';
import { DealsTable } from '../modules/deals/DealsTable';
import { DEAL_STATUSES, STATUS_LABELS } from '../modules/deals/labels';
import { useMe } from '../modules/identity/api';
import { useVendors } from '../modules/network/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

// The partner's own deals across every vendor, with filters, search and a CSV download.
export function DealsPage() {
  const me = useMe();
  const vendors = useVendors();
  const [vendorId, setVendorId] = useState('');
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const filters: DealFilters = { side: 'own', vendorId, status, q };
  const deals = useDeals(filters);
  const items = deals.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(vendorId || status || q.trim());
  const canRegister = me.data?.role !== 'viewer';
  const hasVendors = (vendors.data?.length ?? 0) > 0;

  let body;
  if (deals.isPending) {
    body = <Loader aria-label="Loading your deals" />;
  } else if (deals.error) {
    body = <Alert color="red" title="Cannot load your deals">{deals.error.message}</Alert>;
  } else if (items.length === 0) {
    body = filtered ? (
      <EmptyState icon={<IconSearch size={24} />} title="No deals match">
        Change the vendor, status or search to see more.
      </EmptyState>
    ) : (
      <EmptyState icon={<IconReceipt size={24} />} title="No deals yet"
        action={canRegister && hasVendors && (
          <Button component={Link} to="/deals/new" leftSection={<IconPlus size={16} aria-hidden />}>
            Register a deal
          </Button>
        )}>
        {hasVendors
          ? 'Register a deal with one of your vendors to protect your work on a customer.'
          : 'Once a vendor or distributor has you as a partner, you register your deals with it here.'}
      </EmptyState>
    );
  } else {
    body = (
      <Stack>
        <DealsTable deals={items} />
        {deals.hasNextPage && (
          <Button variant="default" onClick={() => deals.fetchNextPage()} loading={deals.isFetchingNextPage}
            style={{ alignSelf: 'center' }}>
            Load more
          </Button>
        )}
      </Stack>
    );
  }

  return (
    <Stack>
      <PageHeader title="Deals" description="The deals you registered, with every vendor."
        actions={
          <Group gap="sm" wrap="nowrap">
            {items.length > 0 && (
              <Button component="a" href={dealExportUrl(filters)} download variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}>
                Download CSV
              </Button>
            )}
            {canRegister && hasVendors && (
              <Button component={Link} to="/deals/new" leftSection={<IconPlus size={16} aria-hidden />}>
                Register a deal
              </Button>
            )}
          </Group>
        } />
      <Group align="flex-end" gap="sm" role="search" aria-label="Filter deals">
        <NativeSelect label="Vendor" value={vendorId} onChange={(e) => setVendorId(e.currentTarget.value)} w={220}
          data={[{ value: '', label: 'All vendors' },
            ...(vendors.data ?? []).map((entry) => ({ value: entry.vendor.id, label: entry.vendor.name }))]} />
        <NativeSelect label="Status" value={status} onChange={(e) => setStatus(e.currentTarget.value)} w={220}
          data={[{ value: '', label: 'Any status' }, ...DEAL_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]} />
        <TextInput label="Search customers" placeholder="Company name" value={search} type="search"
          onChange={(e) => setSearch(e.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />}
          style={{ flex: 1, minWidth: 200 }} />
      </Group>
      {body}
    </Stack>
  );
}
