import { afterEach, describe, expect, it, vi } from 'vitest';

import { api, ApiError, setCsrfToken } from '../client';

function respond(status: number, body: unknown, type = 'application/json') {
  return vi.fn().mockImplementation(async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': type },
    }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('api client', () => {
  it('returns parsed JSON for a success', async () => {
    vi.stubGlobal('fetch', respond(200, { name: 'strata' }));
    await expect(api.get<{ name: string }>('/api/v1/version')).resolves.toEqual({ name: 'strata' });
  });

  it('sends the CSRF token on mutating requests only', async () => {
    const fetchMock = respond(200, {});
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('token-123');
    await api.post('/api/v1/things', { a: 1 });
    await api.get('/api/v1/things');
    const [, postInit] = fetchMock.mock.calls[0];
    const [, getInit] = fetchMock.mock.calls[1];
    expect(postInit.headers['X-CSRF-Token']).toBe('token-123');
    expect(postInit.headers['Content-Type']).toBe('application/json');
    expect(postInit.body).toBe('{"a":1}');
    expect(postInit.credentials).toBe('same-origin');
    expect(getInit.headers['X-CSRF-Token']).toBeUndefined();
  });

  it('turns problem+json into an ApiError with field errors', async () => {
    vi.stubGlobal(
      'fetch',
      respond(
        400,
        {
          type: 'urn:strata:problem:invalid-argument',
          title: 'The request is not valid',
          status: 400,
          detail: 'check the fields',
          errors: { email: 'is not an address' },
        },
        'application/problem+json',
      ),
    );
    const error = await api.post('/api/v1/things', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.type).toBe('urn:strata:problem:invalid-argument');
    expect(apiError.detail).toBe('check the fields');
    expect(apiError.fieldErrors).toEqual({ email: 'is not an address' });
  });

  it('accepts field errors as a list', async () => {
    vi.stubGlobal(
      'fetch',
      respond(422, { title: 'Invalid', errors: [{ field: 'name', message: 'is required' }] },
        'application/problem+json'),
    );
    const error = (await api.put('/x', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.fieldErrors).toEqual({ name: 'is required' });
  });

  it('gives a generic error for a non-JSON failure and for a network failure', async () => {
    vi.stubGlobal('fetch', respond(502, '<html>Bad gateway</html>', 'text/html'));
    const badGateway = (await api.get('/x').catch((e: unknown) => e)) as ApiError;
    expect(badGateway.status).toBe(502);
    expect(badGateway.title).toBeTruthy();

    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const offline = (await api.get('/x').catch((e: unknown) => e)) as ApiError;
    expect(offline.status).toBe(0);
    expect(offline.title).toBe('Cannot reach the server');
  });
});
