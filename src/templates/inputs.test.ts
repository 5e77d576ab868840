import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HetongError } from '../shared/errors.js';
import { parseTemplateUpload } from './inputs.js';

function problemsOf(fields: Record<string, string>, requireName = true) {
  try {
    parseTemplateUpload(fields, requireName);
  } catch (e) {
    expect((e as HetongError).code).toBe('TEMPLATE_INPUT_INVALID');
    return ((e as HetongError).details as { problems: { field: string }[] }).problems.map((p) => p.field);
  }
  return [];
}

describe('parseTemplateUpload', () => {
  it('parses roles, coordinate and keyword sign fields, and delimiters', () => {
    const r = parseTemplateUpload(
      {
        name: ' 服务合同 ',
        groupId: 'tg_1',
        signerRoles: '["甲方","乙方"]',
        signFields: JSON.stringify([
          { role: '甲方', page: 3, x: 100, y: 200, width: 120, height: 120, origin: 'top-left' },
          { role: '乙方', keyword: '乙方（盖章）', width: 120, height: 120, offsetX: 10 },
        ]),
        delimiters: '{"start":"{{","end":"}}"}',
      },
      true,
    );
    expect(r.name).toBe('服务合同');
    expect(r.groupId).toBe('tg_1');
    expect(r.signerRoles).toEqual(['甲方', '乙方']);
    expect(r.signFields).toHaveLength(2);
    expect(r.delimiters).toEqual({ start: '{{', end: '}}' });
  });

  it('defaults to no roles, no fields, no group', () => {
    expect(parseTemplateUpload({ name: 'x' }, true)).toEqual({
      name: 'x',
      groupId: null,
      signerRoles: [],
      signFields: [],
    });
    expect(parseTemplateUpload({}, false)).toEqual({ groupId: null, signerRoles: [], signFields: [] });
  });

  it('takes a cross-page seal switch on a sign field, and only a boolean', () => {
    const field = { role: '甲方', page: 1, x: 1, y: 1, width: 99, height: 99 };
    const ok = parseTemplateUpload(
      { signerRoles: '["甲方"]', signFields: JSON.stringify([{ ...field, crossPage: true }]) },
      false,
    );
    expect(ok.signFields).toEqual([{ ...field, crossPage: true }]);
    const bad = () =>
      parseTemplateUpload(
        { signerRoles: '["甲方"]', signFields: JSON.stringify([{ ...field, crossPage: 'yes' }]) },
        false,
      );
    expect(bad).toThrow(
      expect.objectContaining({
        details: { problems: [{ field: 'signFields[0].crossPage', message: 'true or false' }] },
      }),
    );
  });

  it('lists every problem at once', () => {
    const fields = problemsOf({
      extra: '1',
      signerRoles: '["a","a"]',
      signFields: '[{"role":"b","page":0,"x":1,"y":1,"width":0,"height":1}]',
      delimiters: '{"start":"","end":"}"}',
    });
    expect(fields).toEqual(
      expect.arrayContaining([
        'extra',
        'name',
        'signerRoles',
        'signFields[0].role',
        'signFields[0]',
        'signFields[0].page',
        'delimiters',
      ]),
    );
  });

  it('refuses broken JSON and mixed placements', () => {
    expect(problemsOf({ name: 'x', signerRoles: '[' })).toEqual(['signerRoles']);
    expect(
      problemsOf({
        name: 'x',
        signerRoles: '["a"]',
        signFields: '[{"role":"a","keyword":"k","page":1,"width":1,"height":1}]',
      }),
    ).toEqual(['signFields[0].page']);
  });

  it('never throws anything but TEMPLATE_INPUT_INVALID on arbitrary text parts', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('name', 'groupId', 'signerRoles', 'signFields', 'delimiters', 'x'),
          fc.oneof(fc.string(), fc.json()),
        ),
        (fields) => {
          try {
            parseTemplateUpload(fields, false);
          } catch (e) {
            expect((e as HetongError).code).toBe('TEMPLATE_INPUT_INVALID');
          }
        },
      ),
    );
  });
});
