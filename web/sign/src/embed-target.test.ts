import { describe, expect, it } from 'vitest';
import { pickTarget } from './embed-target';

describe('the origin an embedded signing page posts to', () => {
  const allowed = ['https://shop.example.com', 'http://localhost:3000'];

  it('is the parent named by the browser when the scene allows it', () => {
    expect(pickTarget(allowed, ['http://localhost:3000', null])).toBe('http://localhost:3000');
    // Firefox names no ancestor: the referrer's origin decides.
    expect(pickTarget(allowed, [undefined, 'https://shop.example.com'])).toBe('https://shop.example.com');
  });

  it('is nothing for a parent the scene does not allow, even with one allowed origin', () => {
    expect(pickTarget(allowed, ['https://evil.example', 'https://evil.example'])).toBeNull();
    expect(pickTarget(['https://shop.example.com'], ['https://evil.example', null])).toBeNull();
  });

  it('is the only allowed origin when the browser names none; nothing when several could be meant', () => {
    expect(pickTarget(['https://shop.example.com'], [undefined, null])).toBe('https://shop.example.com');
    expect(pickTarget(allowed, [undefined, null])).toBeNull();
    expect(pickTarget([], [undefined, null])).toBeNull();
  });

  it('never answers a wildcard or anything but an origin, whatever the list holds', () => {
    expect(pickTarget(['*'], ['*'])).toBeNull();
    expect(pickTarget(['*'], [undefined])).toBeNull();
    expect(pickTarget(['https://shop.example.com/path'], [undefined])).toBeNull();
  });
});
