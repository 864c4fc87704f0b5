import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconList, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../api/client';
import {
  type ContactFilter,
  type ContactList,
  useContactLists,
  useCreateList,
  useDeleteList,
  useUpdateList,
} from '../modules/contacts/api';
import { CONSENT_STATE_LABELS, DotBadge } from '../modules/contacts/labels';
import { type ConsentState, parseCountries } from '../modules/contacts/mapping';
import { useMe } from '../modules/identity/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

// A segment's filter in words, for the table.
function filterText(filter: ContactFilter): string {
  const parts: string[] = [];
  if (filter.q) parts.push(`matching “${filter.q}”`);
  if (filter.countries?.length) parts.push(`in ${filter.countries.join(', ')}`);
  if (filter.consent) parts.push(CONSENT_STATE_LABELS[filter.consent].toLowerCase());
  if (filter.suppressed !== undefined) parts.push(filter.suppressed ? 'suppressed' : 'not suppressed');
  return parts.length > 0 ? parts.join(', ') : 'every contact';
}

function ListForm({ kind, list, onDone }: { kind: 'list' | 'segment'; list: ContactList | null; onDone: () => void }) {
  const [name, setName] = useState(list?.name ?? '');
  const [q, setQ] = useState(list?.filter.q ?? '');
  const [countries, setCountries] = useState((list?.filter.countries ?? []).join(', '));
  const [consent, setConsent] = useState<ConsentState | ''>(list?.filter.consent ?? '');
  const [suppressed, setSuppressed] = useState<'' | 'true' | 'false'>(
    list?.filter.suppressed === undefined ? '' : list.filter.suppressed ? 'true' : 'false');
  const create = useCreateList();
  const update = useUpdateList();
  const mutation = list ? update : create;
  const problem = mutation.error instanceof ApiError ? mutation.error : null;
  const errors = problem?.fieldErrors ?? {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filter: ContactFilter = {};
    if (q.trim()) filter.q = q.trim();
    if (parseCountries(countries).length) filter.countries = parseCountries(countries);
    if (consent) filter.consent = consent;
    if (suppressed) filter.suppressed = suppressed === 'true';
    if (list) {
      update.mutate({ id: list.id, changes: kind === 'segment' ? { name: name.trim(), filter } : { name: name.trim() } },
        { onSuccess: onDone });
    } else {
      create.mutate(kind === 'segment' ? { name: name.trim(), kind, filter } : { name: name.trim(), kind },
        { onSuccess: onDone });
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {problem && Object.keys(errors).length === 0 && (
          <Alert color="red" title={problem.title} role="alert">{problem.detail}</Alert>
        )}
        <TextInput label="Name" required maxLength={100} value={name} data-autofocus error={errors.name}
          onChange={(e) => setName(e.currentTarget.value)} />
        {kind === 'segment' && (
          <>
            <Text size="sm" c="dimmed">A segment holds every contact that matches all of these, now and later.</Text>
            <TextInput label="Search text" placeholder="Address, name or company" value={q}
              error={errors['filter.q']} onChange={(e) => setQ(e.currentTarget.value)} />
            <TextInput label="Countries" placeholder="DE, AT, CH" value={countries}
              error={errors['filter.countries']} onChange={(e) => setCountries(e.currentTarget.value)} />
            <Group grow>
              <NativeSelect label="Consent" value={consent} error={errors['filter.consent']}
                onChange={(e) => setConsent(e.currentTarget.value as ConsentState | '')}
                data={[{ value: '', label: 'Any' },
                  ...(Object.keys(CONSENT_STATE_LABELS) as ConsentState[]).map((value) => ({
                    value,
                    label: CONSENT_STATE_LABELS[value],
                  }))]} />
              <NativeSelect label="Suppressed" value={suppressed}
                onChange={(e) => setSuppressed(e.currentTarget.value as '' | 'true' | 'false')}
                data={[{ value: '', label: 'Either' }, { value: 'false', label: 'Not suppressed' },
                  { value: 'true', label: 'Suppressed' }]} />
            </Group>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={mutation.isPending}>{list ? 'Save' : `Create the ${kind}`}</Button>
        </Group>
      </Stack>
    </form>
  );
}

type Editing = { kind: 'list' | 'segment'; list: ContactList | null } | null;

// Lists (contacts added to them) and segments (a saved filter), with their sizes.
export function ContactListsPage() {
  const me = useMe();
  const lists = useContactLists();
  const remove = useDeleteList();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ContactList | null>(null);
  const [showSegments, setShowSegments] = useState(true);
  const canEdit = me.data?.role !== 'viewer';
  const items = (lists.data?.items ?? []).filter((list) => showSegments || list.kind === 'list');

  let body;
  if (lists.isPending) body = <Loader aria-label="Loading the lists" />;
  else if (lists.error) body = <Alert color="red" title="Cannot load the lists">{lists.error.message}</Alert>;
  else if ((lists.data?.items ?? []).length === 0) {
    body = (
      <EmptyState icon={<IconList size={24} />} title="No lists or segments yet">
        A list holds the contacts you add to it, from the contacts table or an import. A segment holds every contact
        that matches a filter, such as everyone in Germany who consented.
      </EmptyState>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table striped aria-label="Lists and segments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">Contacts</Table.Th>
              <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((list) => (
              <Table.Tr key={list.id}>
                <Table.Td>
                  <Text fw={600}>{list.name}</Text>
                  {list.kind === 'segment' && <Text size="xs" c="dimmed">{filterText(list.filter)}</Text>}
                </Table.Td>
                <Table.Td>
                  <DotBadge color={list.kind === 'list' ? 'blue' : 'grape'}>
                    {list.kind === 'list' ? 'List' : 'Segment'}
                  </DotBadge>
                </Table.Td>
                <Table.Td>{list.size.toLocaleString()}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Anchor component={Link} to={`/contacts?list_id=${list.id}`} size="sm">View contacts</Anchor>
                    {canEdit && (
                      <>
                        <Button size="xs" variant="default" aria-label={`${list.kind === 'list' ? 'Rename' : 'Change'} ${list.name}`}
                          onClick={() => setEditing({ kind: list.kind, list })}>
                          {list.kind === 'list' ? 'Rename' : 'Change'}
                        </Button>
                        <Button size="xs" variant="subtle" color="red" aria-label={`Delete ${list.name}`}
                          onClick={() => setDeleting(list)}>
                          Delete
                        </Button>
                      </>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader title="Lists & segments" description="Groups of contacts for campaigns: lists you fill, segments that fill themselves."
        actions={canEdit && (
          <Group gap="sm">
            <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setEditing({ kind: 'segment', list: null })}>
              New segment
            </Button>
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ kind: 'list', list: null })}>
              New list
            </Button>
          </Group>
        )} />
      <Group justify="space-between">
        <Anchor component={Link} to="/contacts">Back to contacts</Anchor>
        <Switch label="Show segments" checked={showSegments} onChange={(e) => setShowSegments(e.currentTarget.checked)} />
      </Group>
      {remove.error && <Alert color="red" title="Cannot delete">{remove.error.message}</Alert>}
      {body}
      <Modal opened={editing !== null} onClose={() => setEditing(null)}
        title={editing?.list ? `Change ${editing.list.name}` : `New ${editing?.kind ?? 'list'}`}>
        {editing && <ListForm kind={editing.kind} list={editing.list} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={`Delete ${deleting?.name ?? ''}?`}>
        <Stack>
          <Text>The {deleting?.kind} goes; its contacts stay.</Text>
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
