import { Alert, Button, Group, Loader, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAddressBook, IconFileImport, IconList, IconMailOff, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { ApiError } from '../api/client';
import { type BulkInput, useBulkContacts, useContactLists, useContacts } from '../modules/contacts/api';
import { ContactForm } from '../modules/contacts/ContactForm';
import { ContactsTable } from '../modules/contacts/ContactsTable';
import { CONSENT_STATE_LABELS } from '../modules/contacts/labels';
import { type ConsentState, parseCountries } from '../modules/contacts/mapping';
import { useMe } from '../modules/identity/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

type BulkAction = BulkInput['action'];

const BULK_LABELS: Record<BulkAction, string> = {
  add_to_list: 'Add to list',
  remove_from_list: 'Remove from list',
  suppress: 'Suppress',
  delete: 'Delete',
};

// The organisation's marketing database: search, filters, paging and bulk actions.
export function ContactsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const listId = params.get('list_id') ?? '';
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [countryText, setCountryText] = useState('');
  const [countriesTyped] = useDebouncedValue(countryText, 300);
  const [consent, setConsent] = useState<ConsentState | ''>('');
  const [suppressed, setSuppressed] = useState<'' | 'true' | 'false'>('');
  const countries = parseCountries(countriesTyped);
  const contacts = useContacts({ q, countries, consent, suppressed, listId });
  const lists = useContactLists();
  const bulk = useBulkContacts();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [adding, setAdding] = useState(false);
  const [action, setAction] = useState<BulkAction | null>(null);
  const [bulkList, setBulkList] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];
  const total = contacts.data?.pages[0]?.total ?? 0;
  const canEdit = me.data?.role !== 'viewer';
  const filtered = Boolean(q.trim() || countries.length || consent || suppressed || listId);
  const bulkError = bulk.error instanceof ApiError ? bulk.error : null;
  const listsOnly = (lists.data?.items ?? []).filter((list) => list.kind === 'list');

  const select = (ids: string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const runBulk = () => {
    if (!action) return;
    const input: BulkInput = { action, ids: [...selected] };
    if (action === 'add_to_list' || action === 'remove_from_list') input.list_id = bulkList;
    bulk.mutate(input, {
      onSuccess: (result) => {
        setDone(`${BULK_LABELS[action]}: ${result.changed} ${result.changed === 1 ? 'contact' : 'contacts'} changed.`);
        setSelected(new Set());
        setAction(null);
      },
    });
  };

  let body;
  if (contacts.isPending) {
    body = <Loader aria-label="Loading the contacts" />;
  } else if (contacts.error) {
    body = <Alert color="red" title="Cannot load the contacts">{contacts.error.message}</Alert>;
  } else if (items.length === 0) {
    body = filtered ? (
      <EmptyState icon={<IconSearch size={24} />} title="No contacts match">
        Change the search or the filters to see more.
      </EmptyState>
    ) : (
      <EmptyState icon={<IconAddressBook size={24} />} title="No contacts yet"
        action={canEdit && (
          <Button component={Link} to="/contacts/import" leftSection={<IconFileImport size={16} aria-hidden />}>
            Import contacts
          </Button>
        )}>
        Contacts are the people your organisation markets to: their address, name and company, and the consent
        they gave. Import them from a CSV export of your CRM or mailing tool, or add them one by one.
      </EmptyState>
    );
  } else {
    body = (
      <Stack>
        <Text size="sm" role="status" data-testid="contacts-total">
          {total} {total === 1 ? 'contact' : 'contacts'}
          {items.length < total ? `, ${items.length} shown` : ''}
        </Text>
        <ContactsTable contacts={items} selected={selected} onSelect={select} />
        {contacts.hasNextPage && (
          <Button variant="default" onClick={() => contacts.fetchNextPage()}
            loading={contacts.isFetchingNextPage} style={{ alignSelf: 'center' }}>
            Load more
          </Button>
        )}
      </Stack>
    );
  }

  const listName = (lists.data?.items ?? []).find((list) => list.id === listId)?.name;

  return (
    <Stack gap="lg">
      <PageHeader title="Contacts"
        description="Your marketing database: the people you may email, with their consent and suppression state."
        actions={canEdit && (
          <Group gap="sm">
            <Button variant="default" component={Link} to="/contacts/import"
              leftSection={<IconFileImport size={16} aria-hidden />}>
              Import contacts
            </Button>
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
              Add contact
            </Button>
          </Group>
        )} />
      <Group gap="sm" mt={-16}>
        <Button variant="default" size="xs" component={Link} to="/contacts/lists"
          leftSection={<IconList size={14} aria-hidden />}>
          Lists & segments
        </Button>
        <Button variant="default" size="xs" component={Link} to="/suppressions"
          leftSection={<IconMailOff size={14} aria-hidden />}>
          Suppression list
        </Button>
      </Group>
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" role="search" aria-label="Filter contacts">
          <TextInput label="Search" type="search" placeholder="Address, name or company" value={search}
            onChange={(event) => setSearch(event.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />}
            style={{ flex: 1, minWidth: 200 }} />
          <TextInput label="Countries" placeholder="DE, AT" value={countryText} w={120}
            onChange={(event) => setCountryText(event.currentTarget.value)} />
          <NativeSelect label="Consent" value={consent} w={160}
            onChange={(event) => setConsent(event.currentTarget.value as ConsentState | '')}
            data={[{ value: '', label: 'Any' },
              ...(Object.keys(CONSENT_STATE_LABELS) as ConsentState[]).map((value) => ({
                value,
                label: CONSENT_STATE_LABELS[value],
              }))]} />
          <NativeSelect label="Suppressed" value={suppressed} w={140}
            onChange={(event) => setSuppressed(event.currentTarget.value as '' | 'true' | 'false')}
            data={[{ value: '', label: 'Either' }, { value: 'false', label: 'Not suppressed' },
              { value: 'true', label: 'Suppressed' }]} />
          <NativeSelect label="List or segment" value={listId} w={200}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setParams(value ? { list_id: value } : {});
            }}
            data={[{ value: '', label: 'All contacts' },
              ...(lists.data?.items ?? []).map((list) => ({ value: list.id, label: list.name }))]} />
        </Group>
        {listId && listName && <Text size="sm" c="dimmed">Showing {listName}.</Text>}
        {canEdit && selected.size > 0 && (
          <Group gap="sm" role="toolbar" aria-label="Bulk actions">
            <Text size="sm" fw={600}>{selected.size} selected</Text>
            {(Object.keys(BULK_LABELS) as BulkAction[]).map((value) => (
              <Button key={value} size="xs" variant={value === 'delete' ? 'subtle' : 'default'}
                color={value === 'delete' ? 'red' : undefined}
                onClick={() => {
                  bulk.reset();
                  setBulkList(listsOnly[0]?.id ?? '');
                  setAction(value);
                }}>
                {BULK_LABELS[value]}
              </Button>
            ))}
            <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>Clear selection</Button>
          </Group>
        )}
        <div role="status">{done && <Alert color="green" withCloseButton onClose={() => setDone(null)}>{done}</Alert>}</div>
        {body}
      </Stack>

      <Modal opened={adding} onClose={() => setAdding(false)} size="lg" title="Add a contact">
        {adding && <ContactForm contact={null} onDone={() => setAdding(false)} />}
      </Modal>

      <Modal opened={action !== null} onClose={() => setAction(null)}
        title={action ? `${BULK_LABELS[action]}: ${selected.size} ${selected.size === 1 ? 'contact' : 'contacts'}` : ''}>
        <Stack>
          {(action === 'add_to_list' || action === 'remove_from_list') && (
            listsOnly.length === 0 ? (
              <Text>There is no list yet. <Link to="/contacts/lists">Create one</Link> first.</Text>
            ) : (
              <NativeSelect label="List" value={bulkList} onChange={(event) => setBulkList(event.currentTarget.value)}
                data={listsOnly.map((list) => ({ value: list.id, label: list.name }))}
                error={bulkError?.fieldErrors.list_id} />
            )
          )}
          {action === 'suppress' && (
            <Text>No marketing email goes to these addresses again, from any vendor, until the suppression is lifted.</Text>
          )}
          {action === 'delete' && (
            <Text>These contacts and their list memberships are deleted. Their consent records stay as history.</Text>
          )}
          {bulkError && Object.keys(bulkError.fieldErrors).length === 0 && (
            <Alert color="red" title={bulkError.title} role="alert">{bulkError.detail}</Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAction(null)}>Cancel</Button>
            <Button color={action === 'delete' ? 'red' : undefined} loading={bulk.isPending} onClick={runBulk}
              disabled={(action === 'add_to_list' || action === 'remove_from_list') && !bulkList}>
              {action ? BULK_LABELS[action] : ''}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
