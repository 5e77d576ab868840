import { describe, expect, it } from 'vitest';
import type { SignerView } from '../contracts/view.js';
import type { SigningRecordRow } from '../store/repositories/signing-records.js';
import { partyOf } from './evidence-source.js';

const signer = {
  id: 'sgn_1',
  role: '甲方',
  subject: {
    kind: 'organization',
    idType: 'USCC',
    id: '91310000MA1FL0002Y',
    name: '浦江贸易',
    mobile: '13900000001',
  },
  method: 'esign',
  status: 'signed',
  intent: ['sms'],
  signedAt: 1,
} as unknown as SignerView;
const record = (signature: Record<string, unknown>) =>
  ({ signerId: 'sgn_1', signature }) as unknown as SigningRecordRow;

describe('the evidence report names who proved intent', () => {
  it("an organisation's own contact when it signed itself", () => {
    expect(partyOf(signer, record({ intent: { method: 'sms' } }), undefined).intent).toBe(
      '短信验证码 139****0001',
    );
  });

  it('the delegate (经办人) and the masked number the code went to under a person authorization', () => {
    const party = partyOf(
      signer,
      record({
        intent: { method: 'sms' },
        authorizationId: 'auth_1',
        delegate: { name: '王五', idType: 'ID_CARD', id: '110***********1234', contact: '137****0007' },
      }),
      undefined,
    );
    expect(party.intent).toBe('短信验证码 137****0007（经办人 王五）');
    expect(party.intent).not.toContain('139');
  });
});
