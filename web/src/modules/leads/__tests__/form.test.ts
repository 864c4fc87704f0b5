import { describe, expect, it } from 'vitest';

import { emptyLeadDraft, errorsByField, leadBody } from '../form';
import { listOf, routingDraftOf, routingInput } from '../routingForm';
import { ROUTING } from '../../../test/leads';

describe('leadBody', () => {
  it('names each missing field by the API’s name', () => {
    const { errors } = leadBody(emptyLeadDraft());
    expect(errors).toEqual({
      company: 'Give the company',
      'contact.name': 'Give the contact’s name or email address',
      country: 'Give the country as a two-letter code, such as DE',
    });
  });

  it('checks the email, the phone and the country code', () => {
    const { errors } = leadBody({ ...emptyLeadDraft(), company: 'Initech', contactEmail: 'bill@', contactPhone: 'call me',
      country: 'Germany' });
    expect(errors).toEqual({
      'contact.email': 'This is not an email address',
      'contact.phone': 'This is not a phone number',
      country: 'Use a two-letter country code, such as DE',
    });
  });

  it('sends trimmed values, the country in capitals, and leaves out empty optional fields', () => {
    const { body, errors } = leadBody({ ...emptyLeadDraft(), company: ' Initech ', contactEmail: 'bill@initech.example',
      country: 'de', product: ' Switches ' });
    expect(errors).toEqual({});
    expect(body).toEqual({ company: 'Initech', contact: { name: '', email: 'bill@initech.example', phone: '' },
      country: 'DE', product: 'Switches' });
  });

  it('places the server’s messages on the form’s fields', () => {
    expect(errorsByField({ 'contact.email': 'is not an email address', country: 'is required', other: 'x' }))
      .toEqual({ contactEmail: 'is not an email address', country: 'is required' });
  });
});

describe('routingInput', () => {
  it('weighs every tier the partners have, 1 where the settings name none', () => {
    expect(routingDraftOf(ROUTING)).toEqual({ weights: { Gold: 3, Silver: 1 }, defaultHours: 48 });
  });

  it('keeps weights from 0 to 100 and the hours from 1 to 720', () => {
    const { errors } = routingInput({ weights: { Gold: 101, Silver: '' }, defaultHours: 0 });
    expect(errors).toEqual({
      'tier_weights.Gold': 'From 0 to 100',
      'tier_weights.Silver': 'From 0 to 100',
      default_sla_hours: 'From 1 to 720 hours',
    });
    expect(routingInput({ weights: { Gold: 0, Silver: 100 }, defaultHours: 24 })).toEqual({
      input: { tier_weights: { Gold: 0, Silver: 100 }, default_sla_hours: 24 },
      errors: {},
    });
  });

  it('reads lists typed with commas', () => {
    expect(listOf(' de, at ,,ch ', true)).toEqual(['DE', 'AT', 'CH']);
    expect(listOf('Bavaria, Berlin')).toEqual(['Bavaria', 'Berlin']);
  });
});
