import type { RequestJson, ResponseJson, Schemas } from '../types';

// The helpers resolve to the spec's shapes; `never` here would silently accept anything.
describe('API types from the spec', () => {
  it('name the JSON a route answers and takes', () => {
    expectTypeOf<ResponseJson<'/api/v1/version', 'get'>>().toEqualTypeOf<{ name: 'strata'; version: string }>();
    expectTypeOf<ResponseJson<'/api/v1/auth/password-reset', 'post', 202>>().toEqualTypeOf<{ detail: string }>();
    expectTypeOf<ResponseJson<'/api/v1/relationships', 'get'>['items']>().toEqualTypeOf<Schemas['Relationship'][]>();
    expectTypeOf<RequestJson<'/api/v1/auth/login', 'post'>>().toEqualTypeOf<{ email: string; password: string }>();
    expectTypeOf<RequestJson<'/api/v1/relationships/{id}', 'patch'>>().toEqualTypeOf<{ tier: string }>();
  });

  it('are never for what a route does not have', () => {
    expectTypeOf<ResponseJson<'/api/v1/version', 'post'>>().toBeNever();
    expectTypeOf<ResponseJson<'/api/v1/auth/logout', 'post', 204>>().toBeNever();
    expectTypeOf<RequestJson<'/api/v1/me', 'get'>>().toBeNever();
  });
});
