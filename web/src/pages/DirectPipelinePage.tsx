import { Alert, Button, Group, Loader, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBriefcase, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

import { ApiError } from '../api/client';
import { useMe } from '../modules/identity/api';
import { type DirectOpportunity, type OpportunityStatus, useDeleteOpportunity, useDirectOpportunities } from '../modules/direct/api';
import { CsvImport } from '../modules/direct/CsvImport';
import { OpportunitiesTable } from '../modules/direct/OpportunitiesTable';
import { OPPORTUNITY_STATUS_LABELS, OpportunityForm } from '../modules/direct/OpportunityForm';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

// The opportunity being added (null) or changed, or none while the form is closed.
type Editing = { opportunity: DirectOpportunity | null } | null;

// The vendor's direct-sales pipeline, which partners' registrations are checked against.
export function DirectPipelinePage() {
  const me = useMe();
  const [status, setStatus] = useState<OpportunityStatus | ''>('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const opportunities = useDirectOpportunities({ status, q });
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<DirectOpportunity | null>(null);
  const remove = useDeleteOpportunity();
  const items = opportunities.data?.pages.flatMap((page) => page.items) ?? [];
  const canEdit = me.data?.role !== 'viewer';
  const filtered = Boolean(status || q.trim());
  const removeError = remove.error instanceof ApiError ? remove.error : null;

  let body;
  if (opportunities.isPending) {
    body = <Loader aria-label="Loading the pipeline" />;
  } else if (opportunities.error) {
    const forbidden = opportunities.error instanceof ApiError && opportunities.error.status === 403;
    body = (
      <Alert color={forbidden ? 'yellow' : 'red'} title={forbidden ? 'Vendors only' : 'Cannot load the pipeline'}>
        {opportunities.error.message}
      </Alert>
    );
  } else if (items.length === 0) {
    body = filtered ? (
      <EmptyState icon={<IconSearch size={24} />} title="No opportunities match">
        Change the status or the search to see more.
      </EmptyState>
    ) : (
      <EmptyState icon={<IconBriefcase size={24} />} title="No direct opportunities yet">
        Add the customers your own sales team works, or import them from your CRM, so that partners’ registrations
        are checked against them too. Partners never see this list.
      </EmptyState>
    );
  } else {
    body = (
      <Stack>
        <OpportunitiesTable opportunities={items} canEdit={canEdit}
          onEdit={(opportunity) => setEditing({ opportunity })} onDelete={setDeleting} />
        {opportunities.hasNextPage && (
          <Button variant="default" onClick={() => opportunities.fetchNextPage()}
            loading={opportunities.isFetchingNextPage} style={{ alignSelf: 'center' }}>
            Load more
          </Button>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader title="Direct pipeline"
        description="Customers your own sales team works. Registrations that match them show as conflicts; partners never see them."
        actions={canEdit && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ opportunity: null })}>
            Add an opportunity
          </Button>
        )} />
      {canEdit && <CsvImport />}
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" role="search" aria-label="Filter opportunities">
          <NativeSelect label="Status" value={status} w={200}
            onChange={(event) => setStatus(event.currentTarget.value as OpportunityStatus | '')}
            data={[{ value: '', label: 'Any status' },
              ...(Object.keys(OPPORTUNITY_STATUS_LABELS) as OpportunityStatus[]).map((value) => ({
                value,
                label: OPPORTUNITY_STATUS_LABELS[value],
              }))]} />
          <TextInput label="Search companies" type="search" placeholder="Company name" value={search}
            onChange={(event) => setSearch(event.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />}
            style={{ flex: 1, minWidth: 200 }} />
        </Group>
        {removeError && (
          <Alert color="red" title="Cannot delete">{removeError.detail || removeError.title}</Alert>
        )}
        {body}
      </Stack>

      <Modal opened={editing !== null} onClose={() => setEditing(null)} size="lg"
        title={editing?.opportunity ? `Change ${editing.opportunity.company}` : 'Add an opportunity'}>
        {editing && <OpportunityForm opportunity={editing.opportunity} onDone={() => setEditing(null)} />}
      </Modal>

      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete this opportunity?">
        <Stack>
          <Text>
            {deleting?.company} leaves your pipeline, and registrations are no longer checked against it.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>Keep it</Button>
            <Button color="red" loading={remove.isPending}
              onClick={() => deleting && remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
