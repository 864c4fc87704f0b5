import { describe, expect, it } from 'vitest';

import {
  attributeName,
  choiceFromValue,
  choiceKey,
  choicesFromMapping,
  choiceValue,
  contactsQuery,
  mappingFromChoices,
  parseCountries,
} from '../mapping';

const HEADER = ['Contact', 'Vorname', 'Firma', 'Phone', 'Branche'];

describe('import mapping', () => {
  it('starts each column from the mapping the server suggested', () => {
    expect(choicesFromMapping(HEADER, { first_name: 'Vorname', company: 'Firma', phone: 'Phone',
      'attributes.branche': 'Branche' })).toEqual([
      { kind: 'skip' },
      { kind: 'field', field: 'first_name' },
      { kind: 'field', field: 'company' },
      { kind: 'field', field: 'phone' },
      { kind: 'attribute', name: 'branche' },
    ]);
  });

  it('ignores suggestions for fields it does not know or columns the file lacks', () => {
    expect(choicesFromMapping(['A'], { nickname: 'A', email: 'B' })).toEqual([{ kind: 'skip' }]);
  });

  it('turns the choices back into {field: column}, leaving out skipped columns', () => {
    const choices = choicesFromMapping(HEADER, { first_name: 'Vorname', company: 'Firma', phone: 'Phone' });
    choices[0] = { kind: 'field', field: 'email' };
    choices[3] = { kind: 'skip' };
    choices[4] = { kind: 'attribute', name: 'Branche ' };
    expect(mappingFromChoices(HEADER, choices)).toEqual({
      email: 'Contact',
      first_name: 'Vorname',
      company: 'Firma',
      'attributes.branche': 'Branche',
    });
  });

  it('keeps the first column chosen for a field and drops attributes without a name', () => {
    expect(mappingFromChoices(['A', 'B', 'C'], [
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'email' },
      { kind: 'attribute', name: '  ' },
    ])).toEqual({ email: 'A' });
  });

  it('round-trips through the suggested mapping', () => {
    const mapping = { email: 'Contact', last_name: 'Vorname', 'attributes.industry': 'Branche' };
    expect(mappingFromChoices(HEADER, choicesFromMapping(HEADER, mapping))).toEqual(mapping);
  });

  it('names attributes as the server takes them', () => {
    expect(attributeName(' Lead Score ')).toBe('lead_score');
    expect(attributeName('Größe')).toBe('gr_e');
    expect(attributeName('--')).toBe('');
  });

  it('moves between choices and the select’s values, keeping a typed attribute name', () => {
    const attribute = { kind: 'attribute', name: 'industry' } as const;
    expect(choiceValue({ kind: 'field', field: 'email' })).toBe('email');
    expect(choiceValue(attribute)).toBe('__attribute');
    expect(choiceValue({ kind: 'skip' })).toBe('__skip');
    expect(choiceFromValue('__attribute', attribute)).toEqual(attribute);
    expect(choiceFromValue('__attribute', { kind: 'skip' })).toEqual({ kind: 'attribute', name: '' });
    expect(choiceFromValue('country', attribute)).toEqual({ kind: 'field', field: 'country' });
    expect(choiceFromValue('__skip', attribute)).toEqual({ kind: 'skip' });
  });

  it('names the key the start call’s errors use', () => {
    expect(choiceKey({ kind: 'field', field: 'email' })).toBe('email');
    expect(choiceKey({ kind: 'attribute', name: 'Industry' })).toBe('attributes.industry');
    expect(choiceKey({ kind: 'skip' })).toBeNull();
  });
});

describe('contact filters', () => {
  it('leaves empty filters out of the query', () => {
    expect(contactsQuery({})).toBe('limit=50');
    expect(contactsQuery({ q: '  ', countries: [], consent: '', suppressed: '', listId: '' })).toBe('limit=50');
  });

  it('sends every filter given, and the cursor of the next page', () => {
    const query = new URLSearchParams(contactsQuery({
      q: ' anna ', countries: ['de', 'AT'], consent: 'granted', suppressed: 'false', listId: 'L1',
    }, 'next-page', 100));
    expect(Object.fromEntries(query)).toEqual({
      limit: '100', q: 'anna', country: 'DE,AT', consent: 'granted', suppressed: 'false', list_id: 'L1',
      cursor: 'next-page',
    });
  });

  it('reads typed country codes', () => {
    expect(parseCountries('de, at;ch  fr')).toEqual(['DE', 'AT', 'CH', 'FR']);
    expect(parseCountries('Germany, d, US')).toEqual(['US']);
  });
});
