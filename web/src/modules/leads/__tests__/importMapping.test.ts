import { describe, expect, it } from 'vitest';

import { cellFor, importQuery, mappedFields, mappingFromSuggestion, unusedColumns } from '../importMapping';

const HEADER = ['Firma', 'E-Mail', 'Land', 'Budget'];

describe('the lead import mapping', () => {
  it('takes the suggestion for every field, dropping columns the file lacks', () => {
    const mapping = mappingFromSuggestion(HEADER, { company: 'Firma', 'contact.email': 'E-Mail', country: 'Country' });
    expect(mapping.company).toBe('Firma');
    expect(mapping['contact.email']).toBe('E-Mail');
    expect(mapping.country).toBe('');
    expect(mappedFields(mapping)).toEqual(['company', 'contact.email']);
    expect(unusedColumns(HEADER, mapping)).toEqual(['Land', 'Budget']);
  });

  it('names every field in the query, an empty one leaving the field out', () => {
    const mapping = { ...mappingFromSuggestion(HEADER, { company: 'Firma' }), country: 'Land' };
    const query = new URLSearchParams(importQuery(mapping));
    expect(query.get('map.company')).toBe('Firma');
    expect(query.get('map.country')).toBe('Land');
    expect(query.get('map.contact.email')).toBe('');
    expect([...query.keys()]).toHaveLength(8);
  });

  it('reads a preview row’s cell for a field', () => {
    const mapping = { ...mappingFromSuggestion(HEADER, {}), company: 'Firma', country: 'Land' };
    expect(cellFor(HEADER, ['Initech', 'x@y.example', 'DE', '9'], mapping, 'country')).toBe('DE');
    expect(cellFor(HEADER, ['Initech'], mapping, 'country')).toBe('');
    expect(cellFor(HEADER, ['Initech'], mapping, 'notes')).toBe('');
  });
});
