import { vi } from 'vitest';

import type { Me } from '../modules/identity/api';

// The principal GET /api/v1/me answers for a signed-in owner, checked against the spec's type.
export const SIGNED_IN = {
  user: { id: 'u1', email: 'ann@example.com', name: 'Ann Lee' },
  org: { id: 'o1', name: 'Acme', kinds: ['vendor'] },
  role: 'owner',
  scopes: { regions: [], vendors: [], departments: [] },
  csrf_token: 'csrf-1',
} satisfies Me;

type Reply = { status: number; body: unknown; type?: string; headers?: Record<string, string> };

// Stubs fetch with one reply per path, or per method and path ("POST /api/v1/deals"), which wins
// over the path alone; unknown paths answer 404 problem+json.
export function stubFetch(replies: Record<string, Reply>) {
  const fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    const key = path.split('?')[0];
    const method = init?.method ?? 'GET';
    const reply = replies[`${method} ${key}`] ?? replies[key] ?? { status: 404, body: { title: 'Not found', status: 404 } };
    if (reply.status === 204) return new Response(null, { status: 204 });
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: {
        'Content-Type': reply.type ?? (reply.status >= 400 ? 'application/problem+json' : 'application/json'),
        ...reply.headers,
      },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
