import { randomPassword } from '../../admin/passwords.js';
import { HetongError } from '../../shared/errors.js';
import { ADMIN_ROLES, type AdminRole } from '../../store/repositories/admin-accounts.js';
import { CLI_ACTOR } from '../../tenancy/context.js';
import { loadConfig } from '../config.js';
import { openServices } from '../container.js';

const USAGE = `usage:
  hetong admin create-account USERNAME [--role admin|operator|legal] [--password PW] [--json]
  hetong admin list`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `hetong admin …`: admin accounts from the command line (e.g. to recover a lost login). */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create-account' && sub !== 'list') {
    console.log(USAGE);
    return sub === '--help' ? 0 : 2;
  }
  const services = await openServices(loadConfig());
  try {
    if (sub === 'list') {
      for (const a of await services.admin.list())
        console.log(`${a.id}  ${a.role.padEnd(8)}  ${a.status.padEnd(8)}  ${a.username}`);
      return 0;
    }
    const username = rest[0];
    if (!username || username.startsWith('--'))
      throw new HetongError('VALIDATION_FAILED', 400, 'a USERNAME is required');
    const role = (option(rest, '--role') ?? 'operator') as AdminRole;
    if (!ADMIN_ROLES.includes(role))
      throw new HetongError('VALIDATION_FAILED', 400, `--role: one of ${ADMIN_ROLES.join(', ')}`);
    const password = option(rest, '--password') ?? randomPassword();
    const account = await services.admin.createAccount({ username, password, role }, CLI_ACTOR);
    if (rest.includes('--json')) console.log(JSON.stringify({ id: account.id, username, role, password }));
    else console.log(`created ${role} account '${username}' (${account.id})\n  password: ${password}`);
    return 0;
  } finally {
    await services.close();
  }
}
