import { Autocomplete, Badge, Button, Group, MultiSelect, Table, Text } from '@mantine/core';
import { useState } from 'react';

import {
  type OrgRef,
  type Relationship,
  type RelationshipAction,
  type RelationshipStatus,
  useAuthorizations,
  useRelationshipAction,
  useSetTier,
} from './api';

const STATUS_COLOURS: Record<RelationshipStatus, string> = {
  invited: 'blue',
  active: 'green',
  declined: 'gray',
  suspended: 'orange',
  ended: 'gray',
};

// What the other side is to us, in words.
function roleOfOther(relationship: Relationship, upstream: boolean): string {
  if (upstream) return relationship.kind === 'distributor' ? 'Your distributor' : 'Your reseller';
  // We are downstream: we were invited by a vendor, or (as a reseller) by a distributor.
  if (relationship.kind === 'distributor' || relationship.upstream.kinds.includes('vendor')) {
    return 'Your vendor';
  }
  return 'Your distributor';
}

function actionsFor(relationship: Relationship, upstream: boolean): RelationshipAction[] {
  const { status } = relationship;
  if (!upstream && status === 'invited') return ['accept', 'decline'];
  if (upstream && status === 'active') return ['suspend', 'end'];
  if (upstream && status === 'suspended') return ['reactivate', 'end'];
  if (upstream && status === 'invited') return ['end'];
  if (!upstream && (status === 'active' || status === 'suspended')) return ['end'];
  return [];
}

const ACTION_LABELS: Record<RelationshipAction, string> = {
  accept: 'Accept',
  decline: 'Decline',
  suspend: 'Suspend',
  reactivate: 'Reactivate',
  end: 'End',
};

// The upstream side's tier label for a relationship, saved when the field is left or Enter pressed.
function TierField({ relationship, otherName, suggestions }: {
  relationship: Relationship; otherName: string; suggestions: string[];
}) {
  const [value, setValue] = useState(relationship.tier);
  const setTier = useSetTier();
  const save = () => {
    if (value.trim() !== relationship.tier) setTier.mutate({ id: relationship.id, tier: value });
  };
  return (
    <Autocomplete
      aria-label={`Tier of ${otherName}`}
      placeholder="No tier"
      data={suggestions}
      value={value}
      onChange={setValue}
      onBlur={save}
      onKeyDown={(event) => {
        if (event.key === 'Enter') save();
      }}
      error={setTier.error?.message}
      w={150}
      size="xs"
    />
  );
}

export type RelationshipsTableProps = {
  orgId: string;
  relationships: Relationship[];
  carriedVendors: OrgRef[];
  canManage: boolean;
};

export function RelationshipsTable({ orgId, relationships, carriedVendors, canManage }: RelationshipsTableProps) {
  const act = useRelationshipAction();
  const authorize = useAuthorizations();
  const tiers = [...new Set(['Gold', 'Silver', 'Registered', ...relationships.map((r) => r.tier).filter(Boolean)])];
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="sm" striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Organisation</Table.Th>
            <Table.Th scope="col">Relationship</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Tier</Table.Th>
            <Table.Th scope="col">Authorised vendors</Table.Th>
            <Table.Th scope="col">
              <span className="visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {relationships.map((relationship) => {
            const upstream = relationship.upstream.id === orgId;
            const other = upstream ? relationship.downstream : relationship.upstream;
            const authorisable =
              upstream && relationship.kind === 'reseller' && relationship.status === 'active' &&
              carriedVendors.length > 0;
            return (
              <Table.Tr key={relationship.id} data-testid={`relationship-${other.name}`}>
                <Table.Td>
                  <Text fw={600}>{other.name}</Text>
                  {other.awaiting_sign_up && (
                    <Text size="xs" c="dimmed">
                      Invited by email; not signed up yet
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{roleOfOther(relationship, upstream)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOURS[relationship.status]} variant="dot" style={{ overflow: 'visible' }} miw={96}>
                    {relationship.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {upstream && canManage ? (
                    <TierField relationship={relationship} otherName={other.name} suggestions={tiers} />
                  ) : (
                    <Text size="sm">{relationship.tier || '—'}</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {authorisable && canManage ? (
                    <MultiSelect
                      aria-label={`Vendors ${other.name} may sell`}
                      placeholder="Choose vendors"
                      data={carriedVendors.map((v) => ({ value: v.id, label: v.name }))}
                      value={relationship.vendor_ids}
                      onChange={(vendorIds) => authorize.mutate({ id: relationship.id, vendorIds })}
                    />
                  ) : (
                    <Text size="sm" c="dimmed">
                      {relationship.vendor_ids.length > 0 ? `${relationship.vendor_ids.length} vendors` : '—'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    {canManage &&
                      actionsFor(relationship, upstream).map((action) => (
                        <Button
                          key={action}
                          size="xs"
                          variant={action === 'accept' ? 'filled' : 'default'}
                          loading={act.isPending && act.variables?.id === relationship.id}
                          onClick={() => act.mutate({ id: relationship.id, action })}
                          aria-label={`${ACTION_LABELS[action]} relationship with ${other.name}`}
                        >
                          {ACTION_LABELS[action]}
                        </Button>
                      ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
