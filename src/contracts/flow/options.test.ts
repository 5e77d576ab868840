import { describe, expect, it } from 'vitest';
import type { InputProblem, Subject } from '../inputs.js';
import { resolveSignerFlow, signerOptionsOf, type SignerFlowInput } from './options.js';

const NOW = 1_700_000_000_000;
const person = (extra: Partial<Subject> = {}): Subject => ({
  kind: 'person',
  idType: 'user_id',
  id: 'U-1',
  name: '张三',
  ...extra,
});
const org = (extra: Partial<Subject> = {}): Subject => ({
  kind: 'organization',
  idType: 'USCC',
  id: '91310000MA1FL0001X',
  name: '上海浦江数字科技有限公司',
  ...extra,
});

function resolve(
  input: SignerFlowInput & { subject: Subject },
  context: { now?: number; expiresAt?: number | null; documentCount?: number } = {},
) {
  const problems: InputProblem[] = [];
  const resolved = resolveSignerFlow(
    input,
    'signers[1]',
    {
      now: context.now ?? NOW,
      expiresAt: context.expiresAt ?? null,
      documentCount: context.documentCount ?? 1,
    },
    problems,
  );
  return { ...resolved, problems };
}

describe('resolveSignerFlow defaults', () => {
  it('a person with nothing said signs by esign, first in order, with its square seal or by hand', () => {
    const r = resolve({ subject: person() });
    expect(r.problems).toEqual([]);
    expect(r.signOrder).toBe(1);
    expect(r.method).toBe('esign');
    expect(r.options).toEqual({
      intent: [],
      readingSeconds: 0,
      readToEnd: false,
      sealKinds: ['square', 'handwritten'],
      signFields: null,
      deadline: null,
    });
  });

  it('an organisation signs with its round seal or an uploaded one', () => {
    const r = resolve({ subject: org() });
    expect(r.problems).toEqual([]);
    expect(r.options.sealKinds).toEqual(['round', 'uploaded']);
  });

  it('esign checks intent by SMS when there is a mobile number, else by e-mail, else not at all', () => {
    expect(resolve({ subject: person({ mobile: '13800138000' }) }).options.intent).toEqual(['sms']);
    expect(
      resolve({ subject: person({ mobile: '13800138000', email: 'a@example.com' }) }).options.intent,
    ).toEqual(['sms']);
    expect(resolve({ subject: person({ email: 'a@example.com' }) }).options.intent).toEqual(['email']);
    expect(resolve({ subject: org({ email: 'legal@example.com' }) }).options.intent).toEqual(['email']);
    expect(resolve({ subject: person() }).options.intent).toEqual([]);
  });

  it('click-wrap checks no intent: ticking the agreement is the act of will', () => {
    const r = resolve({
      subject: person({ mobile: '13800138000', email: 'a@example.com' }),
      method: 'clickwrap',
    });
    expect(r.problems).toEqual([]);
    expect(r.method).toBe('clickwrap');
    expect(r.options.intent).toEqual([]);
  });

  it('keeps what the request says, without duplicates', () => {
    const r = resolve(
      {
        subject: person({ mobile: '13800138000', email: 'a@example.com' }),
        signOrder: 3,
        intent: ['email', 'sms', 'email'],
        forcedReading: { seconds: 30, toLastPage: true },
        sealKinds: ['handwritten', 'handwritten', 'uploaded'],
        signFields: [{ page: 1, x: 10, y: 10, width: 50, height: 50, document: 1 }],
        deadline: NOW + 60_000,
      },
      { documentCount: 2, expiresAt: NOW + 120_000 },
    );
    expect(r.problems).toEqual([]);
    expect(r.signOrder).toBe(3);
    expect(r.options).toEqual({
      intent: ['email', 'sms'],
      readingSeconds: 30,
      readToEnd: true,
      sealKinds: ['handwritten', 'uploaded'],
      signFields: [{ page: 1, x: 10, y: 10, width: 50, height: 50, document: 1 }],
      deadline: NOW + 60_000,
    });
  });

  it('an empty intent list turns the check off even when the subject has a mobile number', () => {
    expect(resolve({ subject: person({ mobile: '13800138000' }), intent: [] }).options.intent).toEqual([]);
  });

  it('a deadline at the moment the contract expires is allowed', () => {
    expect(resolve({ subject: person(), deadline: NOW + 1000 }, { expiresAt: NOW + 1000 }).problems).toEqual(
      [],
    );
  });
});

describe('resolveSignerFlow problems', () => {
  const paths = (r: { problems: InputProblem[] }) => r.problems.map((p) => p.path);

  it('an SMS check needs a mobile number', () => {
    const r = resolve({ subject: person({ email: 'a@example.com' }), intent: ['sms'] });
    expect(r.problems).toEqual([{ path: 'signers[1].intent', message: 'an SMS check needs subject.mobile' }]);
  });

  it('an e-mail check needs an address', () => {
    const r = resolve({ subject: person({ mobile: '13800138000' }), intent: ['email'] });
    expect(r.problems).toEqual([
      { path: 'signers[1].intent', message: 'an e-mail check needs subject.email' },
    ]);
  });

  it('both checks without any contact give two problems', () => {
    expect(paths(resolve({ subject: person(), intent: ['sms', 'email'] }))).toEqual([
      'signers[1].intent',
      'signers[1].intent',
    ]);
  });

  it('a person may not sign with a round seal', () => {
    const r = resolve({ subject: person(), sealKinds: ['square', 'round'] });
    expect(r.problems).toEqual([
      {
        path: 'signers[1].sealKinds',
        message: 'a person signs with square, handwritten, uploaded, not round',
      },
    ]);
  });

  it.each(['square', 'handwritten'] as const)('an organisation may not sign with a %s seal', (kind) => {
    const r = resolve({ subject: org(), sealKinds: ['round', kind] });
    expect(r.problems).toEqual([
      {
        path: 'signers[1].sealKinds',
        message: `an organization signs with round, uploaded, not ${kind}`,
      },
    ]);
  });

  it('both may sign with an uploaded seal', () => {
    expect(resolve({ subject: person(), sealKinds: ['uploaded'] }).problems).toEqual([]);
    expect(resolve({ subject: org(), sealKinds: ['uploaded'] }).problems).toEqual([]);
  });

  it('an esign signer needs at least one seal kind; a click-wrap signer none', () => {
    expect(resolve({ subject: person(), sealKinds: [] }).problems).toEqual([
      { path: 'signers[1].sealKinds', message: 'an esign signer needs at least one seal kind' },
    ]);
    expect(resolve({ subject: person(), method: 'clickwrap', sealKinds: [] }).problems).toEqual([]);
  });

  it('a click-wrap signer has no sign fields (each one is a problem)', () => {
    const r = resolve({
      subject: person(),
      method: 'clickwrap',
      signFields: [
        { page: 1, x: 0, y: 0, width: 10, height: 10 },
        { keyword: '乙方', width: 10, height: 10 },
      ],
    });
    expect(r.problems).toEqual([
      { path: 'signers[1].signFields[0]', message: 'a click-wrap signer has no sign fields' },
      { path: 'signers[1].signFields[1]', message: 'a click-wrap signer has no sign fields' },
    ]);
  });

  it("a field's document must be one of the contract's", () => {
    const r = resolve(
      {
        subject: person(),
        signFields: [
          { page: 1, x: 0, y: 0, width: 10, height: 10, document: 1 },
          { page: 1, x: 0, y: 0, width: 10, height: 10, document: 2 },
          { page: 1, x: 0, y: 0, width: 10, height: 10 },
        ],
      },
      { documentCount: 2 },
    );
    expect(r.problems).toEqual([
      { path: 'signers[1].signFields[1].document', message: 'the contract has 2 document(s)' },
    ]);
  });

  it('a field without a document is in the first one, which a contract without documents lacks', () => {
    expect(
      paths(
        resolve(
          { subject: person(), signFields: [{ page: 1, x: 0, y: 0, width: 1, height: 1 }] },
          { documentCount: 0 },
        ),
      ),
    ).toEqual(['signers[1].signFields[0].document']);
  });

  it('a deadline must be in the future', () => {
    for (const deadline of [NOW - 1, NOW])
      expect(resolve({ subject: person(), deadline }).problems).toEqual([
        { path: 'signers[1].deadline', message: 'must be in the future' },
      ]);
    expect(resolve({ subject: person(), deadline: NOW + 1 }).problems).toEqual([]);
  });

  it('a deadline must not be after the contract expires', () => {
    expect(resolve({ subject: person(), deadline: NOW + 2000 }, { expiresAt: NOW + 1000 }).problems).toEqual([
      { path: 'signers[1].deadline', message: 'must not be after the contract expires' },
    ]);
  });

  it('a null deadline is no deadline', () => {
    const r = resolve({ subject: person(), deadline: null }, { expiresAt: NOW + 1000 });
    expect(r.problems).toEqual([]);
    expect(r.options.deadline).toBeNull();
  });

  it('reports every problem at once, each under its path', () => {
    const r = resolve(
      {
        subject: org(),
        method: 'clickwrap',
        intent: ['sms'],
        sealKinds: ['square'],
        signFields: [{ page: 1, x: 0, y: 0, width: 1, height: 1, document: 3 }],
        deadline: NOW - 5,
      },
      { documentCount: 1 },
    );
    expect(paths(r).sort()).toEqual(
      [
        'signers[1].deadline',
        'signers[1].intent',
        'signers[1].sealKinds',
        'signers[1].signFields[0]',
        'signers[1].signFields[0].document',
      ].sort(),
    );
  });
});

describe('signerOptionsOf', () => {
  it('reads an empty object (a row written before sign flows) as no checks and any seal', () => {
    expect(signerOptionsOf({})).toEqual({
      intent: [],
      readingSeconds: 0,
      readToEnd: false,
      sealKinds: ['round', 'square', 'uploaded', 'handwritten'],
      signFields: null,
      deadline: null,
    });
  });

  it('reads back what resolveSignerFlow stored', () => {
    const { options } = resolve({
      subject: person({ mobile: '13800138000' }),
      forcedReading: { seconds: 12 },
      deadline: NOW + 5,
    });
    expect(signerOptionsOf(JSON.parse(JSON.stringify(options)) as Record<string, unknown>)).toEqual(options);
  });
});
