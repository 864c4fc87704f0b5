// The import wizard's column choices and the contacts table's filters, kept apart from the
// screens so that they can be tested alone.

export const CONTACT_FIELDS = ['email', 'first_name', 'last_name', 'company', 'title', 'phone', 'country',
  'region'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const CONTACT_FIELD_LABELS: Record<ContactField, string> = {
  email: 'Email',
  first_name: 'First name',
  last_name: 'Last name',
  company: 'Company',
  title: 'Job title',
  phone: 'Phone',
  country: 'Country',
  region: 'Region',
};

// What one column of the file becomes: a contact field, a custom attribute with its name, or nothing.
export type ColumnChoice =
  | { kind: 'field'; field: ContactField }
  | { kind: 'attribute'; name: string }
  | { kind: 'skip' };

const isField = (value: string): value is ContactField => (CONTACT_FIELDS as readonly string[]).includes(value);

// The choice for each column of `header`, from the mapping ({field: column}) the server suggested.
export function choicesFromMapping(header: string[], mapping: Record<string, string>): ColumnChoice[] {
  return header.map((column) => {
    const target = Object.keys(mapping).find((key) => mapping[key] === column);
    if (!target) return { kind: 'skip' };
    if (isField(target)) return { kind: 'field', field: target };
    if (target.startsWith('attributes.')) return { kind: 'attribute', name: target.slice('attributes.'.length) };
    return { kind: 'skip' };
  });
}

// A name an attribute may have: lower-case letters, digits and _.
export function attributeName(typed: string): string {
  return typed.trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
}

// The mapping the start call takes ({field: column}) from the choices; the first column chosen
// for a field wins, and an attribute without a name is left out.
export function mappingFromChoices(header: string[], choices: ColumnChoice[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  choices.forEach((choice, index) => {
    const column = header[index];
    if (column === undefined) return;
    let key: string | null = null;
    if (choice.kind === 'field') key = choice.field;
    else if (choice.kind === 'attribute' && attributeName(choice.name)) key = `attributes.${attributeName(choice.name)}`;
    if (key && !(key in mapping)) mapping[key] = column;
  });
  return mapping;
}

// The field a choice maps to, as the start call's error keys name it ("mapping.email").
export function choiceKey(choice: ColumnChoice): string | null {
  if (choice.kind === 'field') return choice.field;
  if (choice.kind === 'attribute') return attributeName(choice.name) ? `attributes.${attributeName(choice.name)}` : null;
  return null;
}

// The Select's value for a choice, and back.
export function choiceValue(choice: ColumnChoice): string {
  return choice.kind === 'field' ? choice.field : choice.kind === 'attribute' ? '__attribute' : '__skip';
}

export function choiceFromValue(value: string, previous: ColumnChoice): ColumnChoice {
  if (isField(value)) return { kind: 'field', field: value };
  if (value === '__attribute') return { kind: 'attribute', name: previous.kind === 'attribute' ? previous.name : '' };
  return { kind: 'skip' };
}

export type ConsentState = 'none' | 'granted' | 'expired' | 'withdrawn';

export type ContactFilters = {
  q?: string;
  countries?: string[];
  consent?: ConsentState | '';
  suppressed?: '' | 'true' | 'false';
  listId?: string;
};

// The query string of GET /api/v1/contacts for the filters; empty ones are left out.
export function contactsQuery(filters: ContactFilters, cursor?: string | null, limit = 50): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filters.q?.trim()) params.set('q', filters.q.trim());
  const countries = (filters.countries ?? []).map((c) => c.trim().toUpperCase()).filter(Boolean);
  if (countries.length > 0) params.set('country', countries.join(','));
  if (filters.consent) params.set('consent', filters.consent);
  if (filters.suppressed) params.set('suppressed', filters.suppressed);
  if (filters.listId) params.set('list_id', filters.listId);
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

// Country codes typed as "de, at ch" → ['DE', 'AT', 'CH'].
export function parseCountries(typed: string): string[] {
  return typed.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter((c) => /^[A-Z]{2}$/.test(c));
}
