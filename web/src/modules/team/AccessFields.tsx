import { MultiSelect, NativeSelect, Stack, TagsInput } from '@mantine/core';

import type { Role, Scopes } from '../identity/api';
import { useRelationships } from '../network/api';

export const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: 'viewer', label: 'Viewer: reads, changes nothing' },
  { value: 'member', label: 'Member: works on records' },
  { value: 'manager', label: 'Manager: approves and assigns' },
  { value: 'admin', label: 'Admin: manages the organisation' },
  { value: 'owner', label: 'Owner: everything, including owners' },
];

export const emptyScopes = (): Scopes => ({ regions: [], vendors: [], departments: [] });

export type AccessFieldsProps = {
  role: Role;
  scopes: Scopes;
  onRoleChange: (role: Role) => void;
  onScopesChange: (scopes: Scopes) => void;
  errors: Record<string, string>;
  ownOrgId: string;
  canGrantOwner: boolean;
};

// The role and the scopes that narrow what a member sees, for inviting and for editing.
export function AccessFields({ role, scopes, onRoleChange, onScopesChange, errors, ownOrgId, canGrantOwner }: AccessFieldsProps) {
  const relationships = useRelationships();
  const others = new Map<string, string>();
  for (const r of relationships.data ?? []) {
    const other = r.upstream.id === ownOrgId ? r.downstream : r.upstream;
    others.set(other.id, other.name);
  }
  // Keep ids that are no longer in the network selectable, so nothing is dropped silently.
  for (const id of scopes.vendors) if (!others.has(id)) others.set(id, id);
  const roles = ROLE_OPTIONS.filter((option) => canGrantOwner || option.value !== 'owner');

  return (
    <Stack gap="sm">
      <NativeSelect label="Role" data={roles} value={role}
        onChange={(e) => onRoleChange(e.currentTarget.value as Role)} error={errors.role} />
      <MultiSelect
        label="Only these organisations"
        description="The member sees the network through these vendors or partners only. Leave empty for all."
        data={[...others].map(([value, label]) => ({ value, label }))}
        value={scopes.vendors}
        onChange={(vendors) => onScopesChange({ ...scopes, vendors })}
        searchable
        clearable
        error={errors['scopes.vendors']}
      />
      <TagsInput label="Only these regions" description="Press Enter after each, for example EMEA."
        value={scopes.regions} onChange={(regions) => onScopesChange({ ...scopes, regions })}
        error={errors['scopes.regions']} />
      <TagsInput label="Only these departments" value={scopes.departments}
        onChange={(departments) => onScopesChange({ ...scopes, departments })}
        error={errors['scopes.departments']} />
    </Stack>
  );
}

// "EMEA · Sales · 2 organisations", or "Everything".
export function describeScopes(scopes: Scopes, names: Map<string, string>): string {
  const parts = [
    ...scopes.regions,
    ...scopes.departments,
    ...scopes.vendors.map((id) => names.get(id) ?? 'an organisation'),
  ];
  return parts.length === 0 ? 'Everything' : parts.join(' · ');
}
