import { describe, expect, it } from 'vitest';
import { GeneratedSealImages } from './generated-images.js';
import { renderSquareSeal } from './square-seal.js';

describe('GeneratedSealImages', () => {
  it('draws a spec once, whatever the order of its keys, and a different spec anew', () => {
    const cache = new GeneratedSealImages(8);
    let draws = 0;
    const draw = (name: string) => () => {
      draws++;
      return renderSquareSeal({ name });
    };
    const a = cache.get({ kind: 'square', name: '张三', sizeMm: undefined }, draw('张三'));
    const b = cache.get({ name: '张三', kind: 'square' }, draw('张三'));
    expect(b).toBe(a);
    expect(draws).toBe(1);
    const c = cache.get({ kind: 'square', name: '李四' }, draw('李四'));
    expect(draws).toBe(2);
    expect(Buffer.from(c.png).equals(Buffer.from(a.png))).toBe(false);
    expect(cache.get({ kind: 'square', name: '张三', sizeMm: 20 }, draw('张三'))).not.toBe(a);
    expect(draws).toBe(3);
  });

  it('keeps at most its capacity, least recently used out', () => {
    const cache = new GeneratedSealImages(2);
    const image = { png: new Uint8Array(1), widthMm: 18, heightMm: 18 };
    let draws = 0;
    const draw = () => (draws++, image);
    cache.get({ name: 'a' }, draw);
    cache.get({ name: 'b' }, draw);
    cache.get({ name: 'a' }, draw); // a is now the most recent
    cache.get({ name: 'c' }, draw); // b goes
    expect(cache.size).toBe(2);
    expect(draws).toBe(3);
    cache.get({ name: 'a' }, draw);
    expect(draws).toBe(3);
    cache.get({ name: 'b' }, draw);
    expect(draws).toBe(4);
  });
});
