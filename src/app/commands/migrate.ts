import { openStore } from '../../store/database.js';
import { loadConfig } from '../config.js';

/** `hetong migrate [--status]`: applies pending migrations (or lists them). */
export async function run(args: string[]): Promise<number> {
  const config = loadConfig();
  const store = openStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  });
  try {
    if (args.includes('--status')) {
      const pending = await store.pendingMigrations();
      console.log(pending.length ? `pending: ${pending.join(', ')}` : 'up to date');
      return pending.length ? 1 : 0;
    }
    const applied = await store.migrate();
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
    return 0;
  } finally {
    await store.close();
  }
}
