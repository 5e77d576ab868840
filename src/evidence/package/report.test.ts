import { describe, expect, it } from 'vitest';
import { chinaTime, commonName, grouped, parseTime, reportData, type EvidenceReportInput } from './report.js';

describe('evidence report data', () => {
  it('shows times in UTC+08:00 whatever the machine’s zone, from PDF dates and ISO alike', () => {
    const t = Date.UTC(2026, 11, 4, 23, 30, 5);
    expect(chinaTime(t)).toBe('2026-12-05 07:30:05');
    expect(chinaTime(null)).toBe('—');
    expect(parseTime("D:20261205073005+08'00'")).toBe(t);
    expect(parseTime('D:20261204233005Z')).toBe(t);
    expect(parseTime("D:20261204183005-05'00'")).toBe(t);
    expect(parseTime('2026-12-04T23:30:05.000Z')).toBe(t);
    expect(parseTime('not a time')).toBeNull();
  });

  it('groups long hashes for wrapping without changing them, and names certificates by CN (O)', () => {
    const hex = 'ab'.repeat(32);
    expect(grouped(hex).split(' ')).toHaveLength(4);
    expect(grouped(hex).replace(/ /g, '')).toBe(hex);
    expect(grouped('abcdefgh', 8)).toBe('abcdefgh');
    expect(commonName('C=CN, O=示例科技有限公司, CN=张三')).toBe('张三（示例科技有限公司）');
    expect(commonName('C=CN\nO=Hetong\nCN=Hetong TSA')).toBe('Hetong TSA（Hetong）');
    expect(commonName('CN=Hetong, O=Hetong')).toBe('Hetong');
  });

  it('labels actors by role and events in words; keeps unknown actions as they are', () => {
    const input: EvidenceReportInput = {
      contract: {
        id: 'ct_1',
        title: 'T',
        status: 'completed',
        createdAt: 0,
        completedAt: null,
        dataSha256: 'cd'.repeat(32),
      },
      parties: [
        {
          signerId: 'cs_1',
          role: '甲方',
          name: '张三',
          subjectId: 'ID_CARD 110***********1234',
          kind: 'person',
          method: 'esign',
          status: 'signed',
          intent: '短信验证码 138****5678',
          realName: '',
          signedAt: 0,
          ip: '203.0.113.7',
          userAgent: '',
        },
      ],
      documents: [],
      revisions: [],
      events: [
        {
          leafIndex: 7,
          event: {
            at: 0,
            actor: 'signer:cs_1',
            action: 'contract.signer.signed',
            target: 'ct_1',
            businessLineId: 'bl',
            requestId: null,
            ip: null,
            details: {},
          },
        },
        {
          leafIndex: 8,
          event: {
            at: 0,
            actor: 'app:a1',
            action: 'custom.thing',
            target: 'ct_1',
            businessLineId: 'bl',
            requestId: null,
            ip: '127.0.0.1',
            details: {},
          },
        },
      ],
      checkpoint: { treeSize: 9, rootHash: 'x', origin: 'o' },
      logKey: 'k',
      anchors: [],
      generatedAt: 0,
    };
    const data = reportData(input) as {
      events: Record<string, string>[];
      parties: Record<string, string>[];
      anchors: string;
    };
    expect(data.events).toEqual([
      { leaf: '7', at: '1970-01-01 08:00:00', action: '签署完成', actor: '签署人（甲方）', ip: '—' },
      { leaf: '8', at: '1970-01-01 08:00:00', action: 'custom.thing', actor: '业务系统', ip: '127.0.0.1' },
    ]);
    expect(data.parties[0]).toMatchObject({
      who: '张三（个人，ID_CARD 110***********1234）',
      how: '电子签名（证书 + 印章）；短信验证码 138****5678',
      realName: '—',
    });
    expect(data.anchors).toMatch(/^无/);
  });
});
