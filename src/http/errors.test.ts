import { describe, expect, it } from 'vitest';
import { HetongError } from '../shared/errors.js';
import { toErrorResponse } from './errors.js';

describe('toErrorResponse', () => {
  it('passes client errors through with their details', () => {
    const r = toErrorResponse(new HetongError('CONTRACT_DATA_INVALID', 422, 'bad data', { problems: [1] }));
    expect(r).toEqual({
      status: 422,
      internal: false,
      body: { error: { code: 'CONTRACT_DATA_INVALID', message: 'bad data', details: { problems: [1] } } },
    });
  });

  it('keeps the code of a server failure but not its internals', () => {
    const failed = toErrorResponse(
      new HetongError('RENDER_FAILED', 500, 'panic at /srv/hetong/src/x.rs:12', { diagnostics: ['…'] }),
    );
    expect(failed.status).toBe(500);
    expect(failed.internal).toBe(true);
    expect(failed.body.error.code).toBe('RENDER_FAILED');
    expect(failed.body.error.message).not.toContain('/srv');
    expect(failed.body.error).not.toHaveProperty('details');

    const unavailable = toErrorResponse(
      new HetongError('RENDER_TIMEOUT', 504, 'the render took longer than 10 s', { stderr: 'x' }),
    );
    expect(unavailable.body).toEqual({
      error: { code: 'RENDER_TIMEOUT', message: 'the render took longer than 10 s' },
    });
  });

  it('answers anything unexpected with INTERNAL and no message of its own', () => {
    const r = toErrorResponse(new TypeError('cannot read properties of undefined (reading "x")'));
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(r.body)).not.toContain('reading');
  });
});
