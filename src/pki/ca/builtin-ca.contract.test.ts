import { MasterKey } from '../master-key.js';
import { caProviderContract } from '../ca-provider.contract.js';
import { MemoryPkiStore } from '../store/memory-pki-store.js';
import { openBuiltinCa } from './builtin-ca.js';

caProviderContract('builtin', () =>
  openBuiltinCa({
    store: new MemoryPkiStore(),
    masterKey: MasterKey.fromBytes(new Uint8Array(32).fill(1)),
    publicUrl: 'http://localhost:8080',
    rsaPoolSize: 1,
  }),
);
