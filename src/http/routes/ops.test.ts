import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing.js';

describe('GET /metrics with HETONG_METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { HETONG_METRICS_TOKEN: 'scrape-secret-0123456789' } });
  });
  afterAll(async () => t?.dispose());

  it('answers only a scraper with the bearer token', async () => {
    const bare = await t.app.server.inject({ method: 'GET', url: '/metrics' });
    expect(bare.statusCode).toBe(401);
    expect(bare.json().error.code).toBe('AUTH_METRICS_TOKEN');
    const wrong = await t.app.server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-secret-0123456788' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await t.app.server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-secret-0123456789' },
    });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('# TYPE hetong_http_request_duration_seconds histogram');
    // Health and readiness stay open for load balancers.
    expect((await t.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
