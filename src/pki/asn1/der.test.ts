import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  children,
  nodeChild,
  nodeChildren,
  readNode,
  decodeInteger,
  DerError,
  decodeOid,
  generalizedTime,
  integer,
  namedBitString,
  octetString,
  oid,
  readRoot,
  readTlv,
  sequence,
  setOf,
  Tag,
} from './der.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('DER writer and reader', () => {
  it('encodes known values exactly as X.690 examples', () => {
    expect(hex(integer(0))).toBe('020100');
    expect(hex(integer(127))).toBe('02017f');
    expect(hex(integer(128))).toBe('02020080');
    expect(hex(integer(-129))).toBe('0202ff7f');
    expect(hex(oid('1.2.840.113549.1.1.11'))).toBe('06092a864886f70d01010b');
    expect(hex(generalizedTime(new Date('2026-01-02T03:04:05.120Z')))).toBe(
      Buffer.from('\x18\x1220260102030405.12Z', 'latin1').toString('hex'),
    );
    expect(hex(generalizedTime(new Date('2026-01-02T03:04:05.000Z')))).toContain(
      Buffer.from('20260102030405Z').toString('hex'),
    );
    // RFC 3161 §2.4.2 PKIFailureInfo: badAlg(0), badRequest(2), badDataFormat(5)
    expect(hex(namedBitString([0]))).toBe('03020780');
    expect(hex(namedBitString([2]))).toBe('03020520');
    expect(hex(namedBitString([5]))).toBe('03020204');
    expect(hex(namedBitString([15]))).toBe('0303000001');
  });

  it('round-trips INTEGERs of any size', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }), (n) => {
        const der = integer(n);
        const t = readRoot(der);
        expect(t.tag).toBe(Tag.INTEGER);
        expect(decodeInteger(der.subarray(t.contentStart, t.end))).toBe(n);
      }),
    );
  });

  it('round-trips OIDs including 2.25 UUID arcs', () => {
    const arc = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
    fc.assert(
      fc.property(
        fc.constantFrom(0n, 1n, 2n),
        fc.integer({ min: 0, max: 39 }),
        fc.array(arc),
        (a, b, rest) => {
          const dotted = [a, BigInt(b), ...rest].join('.');
          const der = oid(dotted);
          const t = readRoot(der);
          expect(decodeOid(der.subarray(t.contentStart, t.end))).toBe(dotted);
        },
      ),
    );
  });

  it('reads back nested structures with long lengths and sorts SET OF', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), (items) => {
        const der = sequence(...items.map(octetString), setOf(...items.map(octetString)));
        const root = readRoot(der);
        const kids = children(der, root);
        expect(kids).toHaveLength(items.length + 1);
        items.forEach((item, i) =>
          expect(hex(der.subarray(kids[i]!.contentStart, kids[i]!.end))).toBe(hex(item)),
        );
        const set = children(der, kids[items.length]!).map((k) => hex(der.subarray(k.start, k.end)));
        expect(set).toEqual([...set].sort());
      }),
    );
  });

  it('refuses truncated, indefinite and non-minimal encodings', () => {
    expect(() => readRoot(Uint8Array.of(0x30, 0x05, 0x02, 0x01))).toThrow();
    expect(() => readTlv(Uint8Array.of(0x30, 0x80, 0, 0))).toThrow(/indefinite/);
    expect(() => readTlv(Uint8Array.of(0x04, 0x81, 0x05, 1, 2, 3, 4, 5))).toThrow(/minimal/);
    expect(() => readRoot(Uint8Array.of(0x05, 0x00, 0x00))).toThrow(/trailing/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (junk) => {
        try {
          const root = readRoot(junk);
          if (root.tag & 0x20) children(junk, root);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }),
    );
  });

  it('reads nodes leniently (a definite BER length) with views of their bytes, and never past the buffer', () => {
    // SEQUENCE { INTEGER 5, OCTET STRING 'ab' } with the sequence's length in a non-minimal long form.
    const ber = Uint8Array.of(0x30, 0x81, 0x07, 0x02, 0x01, 0x05, 0x04, 0x02, 0x61, 0x62);
    expect(() => readTlv(ber)).toThrow(/minimal/);
    const node = readNode(ber);
    expect([node.tag, node.contentStart, node.end]).toEqual([0x30, 3, 10]);
    expect(node.raw).toEqual(ber);
    const [n, o] = nodeChildren(node);
    expect(decodeInteger(n!.content)).toBe(5n);
    expect(new TextDecoder().decode(o!.content)).toBe('ab');
    expect(nodeChild(node, 1).raw).toEqual(ber.subarray(6));
    expect(() => nodeChild(node, 2)).toThrow(/missing element 2/);
    expect(() => readNode(Uint8Array.of(0x30, 0x80, 0, 0))).toThrow(/indefinite/);
    // An OID with no content or cut inside an arc is a DER error (parsers map it to their code).
    expect(() => decodeOid(new Uint8Array())).toThrow(DerError);
    expect(() => decodeOid(Uint8Array.of(0x2a, 0x86))).toThrow(DerError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (junk) => {
        try {
          const root = readNode(junk);
          expect(root.end).toBeLessThanOrEqual(junk.length);
          for (const c of nodeChildren(root)) expect(c.end).toBeLessThanOrEqual(root.content.length);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }),
    );
  });
});
