/**
 * The answer of a reminder on the wire (REMIND_RESULTS_SCHEMA): its type is the service's
 * ReminderResult, and the route's serialiser writes what JSON.stringify wrote before the route had
 * a response schema (`channel` stays last: only the leading fields are `required`).
 */
import Fastify from 'fastify';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ReminderResult } from '../../contracts/reminders.js';
import { REMIND_RESULTS_SCHEMA, type ReminderResultWire } from './sign-flows.js';

const results: ReminderResult[] = [
  { signerId: 'sg_1', status: 'sent', channel: 'sms' },
  { signerId: 'sg_2', status: 'too_soon' },
  { signerId: 'sg_3', status: 'sent', channel: 'email' },
  { signerId: 'sg_4', status: 'no_contact' },
  { signerId: 'sg_5', status: 'not_active' },
];

async function serialise(answer: unknown): Promise<{ statusCode: number; body: string }> {
  const app = Fastify();
  app.post('/remind', { schema: { response: { 200: REMIND_RESULTS_SCHEMA } } }, async () => answer);
  const res = await app.inject({ method: 'POST', url: '/remind' });
  await app.close();
  return res;
}

describe('REMIND_RESULTS_SCHEMA', () => {
  it("types the service's ReminderResult exactly (checked by tsc)", () => {
    expectTypeOf<ReminderResultWire>().toEqualTypeOf<ReminderResult>();
  });

  it('serialises every outcome as JSON.stringify does', async () => {
    const res = await serialise({ results });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(JSON.stringify({ results }));
    expect(res.body).toContain('{"signerId":"sg_1","status":"sent","channel":"sms"}');
  });

  it('refuses to answer a result without its status', async () => {
    expect((await serialise({ results: [{ signerId: 'sg_1' }] })).statusCode).toBe(500);
  });
});
