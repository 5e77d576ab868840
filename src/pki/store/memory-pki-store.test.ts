import { MemoryPkiStore } from './memory-pki-store.js';
import { pkiStoreContract } from './pki-store.contract.js';

pkiStoreContract('memory', async () => ({ store: new MemoryPkiStore() }));
