import { describe, expect, it } from 'vitest';
import { HetongError, isHetongError } from './errors.js';

describe('HetongError', () => {
  it('carries code, status and details, and serialises to the API error body', () => {
    const e = new HetongError('TEMPLATE_NOT_FOUND', 404, 'no template tpl_1', { id: 'tpl_1' });
    expect(isHetongError(e)).toBe(true);
    expect(e.status).toBe(404);
    expect(e.toJSON()).toEqual({
      code: 'TEMPLATE_NOT_FOUND',
      message: 'no template tpl_1',
      details: { id: 'tpl_1' },
    });
    expect(new HetongError('X', 400, 'm').toJSON()).toEqual({ code: 'X', message: 'm' });
  });
});
