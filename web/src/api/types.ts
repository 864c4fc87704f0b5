// Names for the types generated from docs/openapi.yaml into ./schema.ts (`npm run gen:api`), so
// the portal's API types are the spec's and a spec change shows here as a type error.
import type { components, paths } from './schema';

// The spec's named schemas.
export type Schemas = components['schemas'];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

// The JSON body a route answers with `Status` (200 unless named).
export type ResponseJson<Path extends keyof paths, M extends Method, Status extends number = 200> =
  paths[Path][M] extends { responses: { [S in Status]: { content: { 'application/json': infer Body } } } }
    ? Body
    : never;

// The JSON body a route takes.
export type RequestJson<Path extends keyof paths, M extends Method> =
  paths[Path][M] extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never;
