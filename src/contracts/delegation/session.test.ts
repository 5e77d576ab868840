import { describe, expect, it } from 'vitest';
import type { PersonAuthorization } from '../authorizations.js';
import { delegateRef } from './letter.js';
import { authorizationReached, contactsOf, delegateIntentMethods } from './session.js';

const person = (id: string, mobile?: string, email?: string) => ({
  kind: 'person' as const,
  idType: 'user_id',
  id,
  name: id,
  ...(mobile ? { mobile } : {}),
  ...(email ? { email } : {}),
});
const auth = (id: string, subject: ReturnType<typeof person>) =>
  ({ id, delegate: { kind: 'person', subject } }) as unknown as PersonAuthorization;

describe('delegated intent', () => {
  it('reaches a delegate by the channels it has, narrowed to the scene when they meet', () => {
    expect(contactsOf(person('a', '137', 'a@x.cn'))).toEqual([
      { method: 'sms', to: '137' },
      { method: 'email', to: 'a@x.cn' },
    ]);
    expect(delegateIntentMethods(person('a', '137', 'a@x.cn'))).toEqual(['sms', 'email']);
    expect(delegateIntentMethods(person('a', '137', 'a@x.cn'), ['email'])).toEqual(['email']);
    // A scene that offers only what the delegate lacks does not leave them without a way.
    expect(delegateIntentMethods(person('a', '137'), ['email'])).toEqual(['sms']);
  });

  it('finds the authorization whose delegate received the verified code, by method and address', () => {
    const a = auth('auth_a', person('a', '137'));
    const b = auth('auth_b', person('b', undefined, 'b@x.cn'));
    expect(authorizationReached([a, b], { method: 'email', to: 'b@x.cn' })).toBe(b);
    expect(authorizationReached([a, b], { method: 'sms', to: '137' })).toBe(a);
    // The right address by the wrong channel, someone else, or nothing verified: no one.
    expect(authorizationReached([a, b], { method: 'email', to: '137' })).toBeUndefined();
    expect(authorizationReached([a, b], { method: 'sms', to: '139' })).toBeUndefined();
    expect(authorizationReached([a, b], null)).toBeUndefined();
  });

  it('names a delegate in records with the identifier masked', () => {
    expect(
      delegateRef({ ...person('x'), idType: 'ID_CARD', id: '110101199003071234', name: '王五' }),
    ).toEqual({
      name: '王五',
      idType: 'ID_CARD',
      id: '110***********1234',
    });
  });
});
