// The lead import's column choices, kept apart from the screen so that they can be tested alone.

export const LEAD_IMPORT_FIELDS = ['company', 'contact.name', 'contact.email', 'contact.phone', 'country', 'region',
  'product', 'notes'] as const;
export type LeadImportField = (typeof LEAD_IMPORT_FIELDS)[number];

export const LEAD_IMPORT_FIELD_LABELS: Record<LeadImportField, string> = {
  company: 'Company',
  'contact.name': 'Contact name',
  'contact.email': 'Contact email',
  'contact.phone': 'Contact phone',
  country: 'Country',
  region: 'Region',
  product: 'Product',
  notes: 'Notes',
};

// The column of the file that fills each field; '' leaves the field empty.
export type LeadImportMapping = Record<LeadImportField, string>;

// The mapping the server suggested from the header, for every field; a suggestion naming a
// column the header lacks is dropped.
export function mappingFromSuggestion(header: string[], suggested: Record<string, string>): LeadImportMapping {
  const mapping = {} as LeadImportMapping;
  for (const field of LEAD_IMPORT_FIELDS) {
    const column = suggested[field];
    mapping[field] = column !== undefined && header.includes(column) ? column : '';
  }
  return mapping;
}

// The import call's query: every field named, an empty value leaving it out, so that the server
// uses exactly the mapping on screen rather than its own suggestion.
export function importQuery(mapping: LeadImportMapping): string {
  const params = new URLSearchParams();
  for (const field of LEAD_IMPORT_FIELDS) params.set(`map.${field}`, mapping[field]);
  return params.toString();
}

// The fields a column fills, and the file's columns that fill none.
export function mappedFields(mapping: LeadImportMapping): LeadImportField[] {
  return LEAD_IMPORT_FIELDS.filter((field) => mapping[field] !== '');
}

export function unusedColumns(header: string[], mapping: LeadImportMapping): string[] {
  const used = new Set(Object.values(mapping));
  return header.filter((column) => !used.has(column));
}

// A preview row's value for a field, as it would be imported.
export function cellFor(header: string[], row: string[], mapping: LeadImportMapping, field: LeadImportField): string {
  const index = header.indexOf(mapping[field]);
  return index >= 0 ? (row[index] ?? '') : '';
}
