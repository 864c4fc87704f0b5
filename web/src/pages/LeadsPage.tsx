import { Alert, Button, Checkbox, Group, Loader, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconFileImport, IconInbox, IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';

import { useMe } from '../modules/identity/api';
import { BulkPassOn } from '../modules/leads/BulkPassOn';
import { type Lead, leadExportUrl, type LeadFilters, OWN_LEADS, useLeadRouting, useLeads } from '../modules/leads/api';
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from '../modules/leads/labels';
import { type LeadSelection, LeadsTable } from '../modules/leads/LeadsTable';
import { useVendors } from '../modules/network/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

// One inbox for the leads of every vendor and distributor and the organisation's own.
export function LeadsPage() {
  const me = useMe();
  const vendors = useVendors();
  const [status, setStatus] = useState('');
  const [origin, setOrigin] = useState('');
  const [waiting, setWaiting] = useState(false);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const filters: LeadFilters = { status, origin, q, waiting };
  const leads = useLeads(filters);
  const items = leads.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(status || origin || q.trim() || waiting);
  const canWrite = me.data?.role !== 'viewer';

  // An organisation with partners passes its own waiting leads on several at a time.
  const routing = useLeadRouting();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const canPassOn = canWrite && (routing.data?.partners.some((entry) => entry.active) ?? false);
  const selection: LeadSelection | undefined = canPassOn ? {
    selectable: (lead: Lead) => lead.origin === null && lead.partner === null && lead.deal_id === null &&
      (lead.status === 'new' || lead.status === 'unrouted'),
    selected,
    onChange: setSelected,
  } : undefined;
  const selectedLeads = selection ? items.filter((lead) => selected.has(lead.id) && selection.selectable(lead)) : [];

  // Every sender seen stays in the filter, so that choosing one does not hide the others.
  const [senders, setSenders] = useState<Record<string, string>>({});
  useEffect(() => {
    const found: Record<string, string> = {};
    for (const entry of vendors.data ?? []) {
      found[entry.vendor.id] = entry.vendor.name;
      for (const route of entry.routes) if (route.distributor) found[route.distributor.id] = route.distributor.name;
    }
    for (const lead of items) if (lead.origin) found[lead.origin.id] = lead.origin.name;
    setSenders((current) => {
      const missing = Object.keys(found).filter((id) => current[id] !== found[id]);
      return missing.length === 0 ? current : { ...current, ...found };
    });
  }, [vendors.data, items]);
  const senderOptions = Object.entries(senders)
    .sort(([, a], [, b]) => a.localeCompare(b))
    .map(([value, label]) => ({ value, label }));

  let body;
  if (leads.isPending) {
    body = <Loader aria-label="Loading the leads" />;
  } else if (leads.error) {
    body = <Alert color="red" title="Cannot load the leads">{leads.error.message}</Alert>;
  } else if (items.length === 0) {
    body = filtered ? (
      <EmptyState icon={<IconSearch size={24} />} title="No leads match">
        Change the status, sender or search, or clear “Waiting for our answer”, to see more.
      </EmptyState>
    ) : (
      <EmptyState icon={<IconInbox size={24} />} title="No leads yet"
        action={canWrite && (
          <Group gap="sm">
            <Button component={Link} to="/leads/new" leftSection={<IconPlus size={16} aria-hidden />}>New lead</Button>
            <Button component={Link} to="/leads/import" variant="default"
              leftSection={<IconFileImport size={16} aria-hidden />}>
              Import CSV
            </Button>
          </Group>
        )}>
        Leads your vendors and distributors pass to you appear here, next to the ones you add yourself or import
        from a CSV file.
      </EmptyState>
    );
  } else {
    body = (
      <Stack>
        <LeadsTable leads={items} canAnswer={canWrite} selection={selection} />
        {leads.hasNextPage && (
          <Button variant="default" onClick={() => leads.fetchNextPage()} loading={leads.isFetchingNextPage}
            style={{ alignSelf: 'center' }}>
            Load more
          </Button>
        )}
      </Stack>
    );
  }

  return (
    <Stack>
      <PageHeader title="Leads" description="Every vendor’s leads and your own, in one inbox."
        actions={
          <Group gap="sm" wrap="nowrap">
            {items.length > 0 && (
              <Button component="a" href={leadExportUrl(filters)} download variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}>
                Export CSV
              </Button>
            )}
            {canWrite && (
              <Button component={Link} to="/leads/import" variant="default"
                leftSection={<IconFileImport size={16} aria-hidden />}>
                Import CSV
              </Button>
            )}
            {canWrite && (
              <Button component={Link} to="/leads/new" leftSection={<IconPlus size={16} aria-hidden />}>New lead</Button>
            )}
          </Group>
        } />
      <Group align="flex-end" gap="sm" role="search" aria-label="Filter leads">
        <NativeSelect label="Status" value={status} onChange={(e) => setStatus(e.currentTarget.value)} w={200}
          data={[{ value: '', label: 'Any status' }, ...LEAD_STATUSES.map((s) => ({ value: s, label: LEAD_STATUS_LABELS[s] }))]} />
        <NativeSelect label="From" value={origin} onChange={(e) => setOrigin(e.currentTarget.value)} w={220}
          data={[{ value: '', label: 'Everyone' }, { value: OWN_LEADS, label: 'Own leads' }, ...senderOptions]} />
        <TextInput label="Search" placeholder="Company or contact" value={search} type="search"
          onChange={(e) => setSearch(e.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />}
          style={{ flex: 1, minWidth: 200 }} />
        <Checkbox label="Waiting for our answer" checked={waiting} mb={8}
          onChange={(e) => setWaiting(e.currentTarget.checked)} />
      </Group>
      {selection && <BulkPassOn leads={selectedLeads} onDone={() => setSelected(new Set())} />}
      {body}
    </Stack>
  );
}
