import { afterAll, describe, expect, it } from 'vitest';
import { MasterKey } from '../master-key.js';
import { openBuiltinCa } from '../ca/builtin-ca.js';
import { createTestStore, testDialects, type TestStore } from '../../store/testing.js';
import { DbPkiStore } from './db-pki-store.js';
import { pkiStoreContract } from './pki-store.contract.js';

const opened: TestStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((t) => t.dispose()));
});

for (const dialect of await testDialects()) {
  pkiStoreContract(`database (${dialect})`, async () => {
    const t = await createTestStore(dialect);
    opened.push(t);
    return {
      store: new DbPkiStore(t.store.db),
      reopen: async () => {
        const again = t.reopen();
        opened.push({ ...t, store: again, dispose: () => again.close() });
        return new DbPkiStore(again.db);
      },
    };
  });

  describe(`DbPkiStore on ${dialect}: several nodes`, () => {
    it('two nodes (separate connections) starting at once share one CA', async () => {
      const t = await createTestStore(dialect);
      opened.push(t);
      const other = t.reopen();
      opened.push({ ...t, store: other, dispose: () => other.close() });
      const masterKey = MasterKey.fromBytes(new Uint8Array(32).fill(7));
      const open = (db: typeof t.store.db) =>
        openBuiltinCa({ store: new DbPkiStore(db), masterKey, publicUrl: 'http://x', rsaPoolSize: 0 });
      const [a, b] = await Promise.all([open(t.store.db), open(other.db)]);
      try {
        expect(Buffer.from(a.rootCertificate()).equals(Buffer.from(b.rootCertificate()))).toBe(true);
        // A certificate issued on one node is revocable on the other and listed in its CRL.
        const issued = await a.issueLongLived(
          { kind: 'person', name: '张三', idType: 'ID_CARD', idNumber: '110101199001011234' },
          'ECDSA-P256',
        );
        await b.revoke(issued.serialNumber, 'superseded');
        const crl = Buffer.from(await a.crl('issuing')).toString('hex');
        expect(crl).toContain(issued.serialNumber.toLowerCase());
      } finally {
        a.close();
        b.close();
      }
    });
  });
}
