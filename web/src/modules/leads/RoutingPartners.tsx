import { Alert, Badge, Button, Group, Modal, NumberInput, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError, type FieldErrors } from '../../api/client';
import { type RoutingPartner, useSavePartnerRouting } from './api';
import { listOf } from './routingForm';

const joined = (items: string[]) => (items.length > 0 ? items.join(', ') : '—');

// Every partner with where it works, what it specialises in and how many leads it holds;
// admins change one at a time in a dialog.
export function RoutingPartners({ partners, editable }: { partners: RoutingPartner[]; editable: boolean }) {
  const [editing, setEditing] = useState<RoutingPartner | null>(null);
  return (
    <>
      <Table.ScrollContainer minWidth={860}>
        <Table striped verticalSpacing="sm" aria-label="Partners in routing">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Partner</Table.Th>
              <Table.Th scope="col">Tier</Table.Th>
              <Table.Th scope="col">Countries</Table.Th>
              <Table.Th scope="col">Regions</Table.Th>
              <Table.Th scope="col">Products</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Capacity</Table.Th>
              <Table.Th scope="col">Routing</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Open leads</Table.Th>
              {editable && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {partners.map((entry) => (
              <Table.Tr key={entry.partner.id} data-testid={`routing-${entry.partner.name}`}>
                <Table.Td fw={600}>{entry.partner.name}</Table.Td>
                <Table.Td>{entry.tier || '—'}</Table.Td>
                <Table.Td>{joined(entry.countries)}</Table.Td>
                <Table.Td>{joined(entry.regions)}</Table.Td>
                <Table.Td>{joined(entry.products)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{entry.capacity === 0 ? 'No limit' : entry.capacity}</Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={entry.active ? 'teal' : 'gray'}>{entry.active ? 'Active' : 'Paused'}</Badge>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{entry.open_leads}</Table.Td>
                {editable && (
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => setEditing(entry)}
                      aria-label={`Edit routing for ${entry.partner.name}`}>
                      Edit
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} centered size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
        title={editing ? `Routing for ${editing.partner.name}` : ''}>
        {editing && <PartnerRoutingForm key={editing.partner.id} entry={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

function PartnerRoutingForm({ entry, onDone }: { entry: RoutingPartner; onDone: () => void }) {
  const [countries, setCountries] = useState(entry.countries.join(', '));
  const [regions, setRegions] = useState(entry.regions.join(', '));
  const [products, setProducts] = useState(entry.products.join(', '));
  const [capacity, setCapacity] = useState<number | string>(entry.capacity);
  const [active, setActive] = useState(entry.countries.length === 0 ? true : entry.active);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const save = useSavePartnerRouting();
  const problem = save.error instanceof ApiError ? save.error : null;
  const errors: FieldErrors = { ...clientErrors, ...(problem?.fieldErrors ?? {}) };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    const codes = listOf(countries, true);
    const wrong = codes.filter((code) => !/^[A-Z]{2}$/.test(code));
    if (wrong.length > 0) found.countries = `Two-letter country codes only: ${wrong.join(', ')}`;
    else if (active && codes.length === 0) found.countries = 'Name where the partner works, or pause its routing';
    if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 0 || capacity > 100000) {
      found.capacity = 'From 0 (no limit) to 100000';
    }
    setClientErrors(found);
    save.reset();
    if (Object.keys(found).length > 0) return;
    save.mutate({
      partnerId: entry.partner.id,
      input: { countries: codes, regions: listOf(regions), products: listOf(products), capacity: Number(capacity), active },
    }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Routing for ${entry.partner.name}`}>
      <Stack gap="md">
        {problem && Object.keys(problem.fieldErrors).length === 0 && (
          <Alert color="red" title={problem.title} role="alert">{problem.detail}</Alert>
        )}
        <TextInput label="Countries" description="Two-letter codes, separated by commas, such as DE, AT, CH"
          value={countries} onChange={(e) => setCountries(e.currentTarget.value)} error={errors.countries} data-autofocus />
        <TextInput label="Regions" description="Optional, separated by commas, such as Bavaria, Berlin"
          value={regions} onChange={(e) => setRegions(e.currentTarget.value)} error={errors.regions} />
        <TextInput label="Products" description="Optional: only leads for these products, separated by commas"
          value={products} onChange={(e) => setProducts(e.currentTarget.value)} error={errors.products} />
        <NumberInput label="Capacity" description="Open leads at once; 0 for no limit" min={0} max={100000}
          allowDecimal={false} value={capacity} onChange={setCapacity} error={errors.capacity} w={240} />
        <Switch label="Route leads to this partner" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        <Text size="xs" c="dimmed">{errors.partner_id}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={save.isPending}>Cancel</Button>
          <Button type="submit" loading={save.isPending}>Save</Button>
        </Group>
      </Stack>
    </form>
  );
}
