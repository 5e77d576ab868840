import { describe, expect, it } from 'vitest';
import { assertProgramSize, MAX_PROGRAM_BYTES } from '../../engine.js';
import { applyTags } from '../../tags/index.js';
import { MAX_WHERE } from '../../tags/fields.js';
import { parseDocx } from '../index.js';
import { buildDocx } from '../testing/build-docx.js';
import { taggedBody } from '../testing/hostile.js';
import { expectHetongError } from '../testing/expect-error.js';
import { DEFAULT_INTAKE_LIMITS } from './limits.js';
import { parseXml } from './xml.js';

describe('template size bounds (issue #14: a 350,000-paragraph template compiled for 43 s)', () => {
  it('one element budget is shared by every part of a package', () => {
    const budget = { left: 5, limit: 5 };
    parseXml('<a><b/><c/></a>', 'one.xml', 64, budget);
    expect(budget.left).toBe(2);
    const err = expectHetongError(
      () => parseXml('<a><b/><c/></a>', 'two.xml', 64, budget),
      'TEMPLATE_TOO_LARGE',
    );
    expect(err.status).toBe(413);
    expect(err.message).toMatch(/more than 5 XML elements \(at part "two\.xml"\)/);
    expect(err.details).toEqual({ part: 'two.xml', limit: 5 });
  });

  it('refuses a template with more XML elements than the limit, before building its model', () => {
    const docx = buildDocx({ body: taggedBody(400) });
    const err = expectHetongError(
      () => parseDocx(docx, { limits: { maxXmlElements: 1000 } }),
      'TEMPLATE_TOO_LARGE',
    );
    expect(err.message).toMatch(/split it into smaller templates/);
    // The default leaves room for a document hundreds of pages long.
    expect(() => parseDocx(docx)).not.toThrow();
    expect(DEFAULT_INTAKE_LIMITS.maxXmlElements).toBeGreaterThanOrEqual(200_000);
  });

  it('lists the first MAX_WHERE places of a field used thousands of times, in order', () => {
    const { fields } = applyTags(parseDocx(buildDocx({ body: taggedBody(5000) })), {});
    expect(fields).toHaveLength(50);
    const v0 = fields.find((f) => f.name === 'v0')!;
    expect(v0.where).toHaveLength(MAX_WHERE);
    expect(v0.where.slice(0, 2)).toEqual(['body paragraph 1', 'body paragraph 51']);
  });

  it('refuses a program larger than MAX_PROGRAM_BYTES, counting its modules', () => {
    const half = 'x'.repeat(MAX_PROGRAM_BYTES / 2);
    expect(() => assertProgramSize(half, { lib: half })).not.toThrow();
    const err = expectHetongError(() => assertProgramSize(half, { lib: `${half}y` }), 'TEMPLATE_TOO_LARGE');
    expect(err.status).toBe(413);
    expect(err.details).toEqual({ programBytes: MAX_PROGRAM_BYTES + 1, limit: MAX_PROGRAM_BYTES });
  });
});
