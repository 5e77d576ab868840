import { HetongError } from '../../shared/errors.js';
import { CLI_ACTOR } from '../../tenancy/context.js';
import { loadConfig } from '../config.js';
import { openServices } from '../container.js';

const USAGE = `usage:
  hetong business-line create NAME [--auto-approve] [--json]
  hetong business-line list [--json]
  hetong business-line disable APP_ID | enable APP_ID
  hetong business-line rotate-secret APP_ID [--json]`;

/** `hetong business-line …`: manage business lines (tenants) from the command line. */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const json = rest.includes('--json');
  const positional = rest.filter((a) => !a.startsWith('--'));
  if (!sub || sub === '--help') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  const services = await openServices(loadConfig());
  try {
    switch (sub) {
      case 'create': {
        const name = positional.join(' ');
        if (!name) throw new HetongError('VALIDATION_FAILED', 400, 'a NAME is required\n' + USAGE);
        const issued = await services.businessLines.create(
          { name, autoApprove: rest.includes('--auto-approve') },
          CLI_ACTOR,
        );
        if (json) console.log(JSON.stringify({ appId: issued.appId, appSecret: issued.appSecret }));
        else
          console.log(
            `created business line '${name}'\n  appId:     ${issued.appId}\n  appSecret: ${issued.appSecret}\n(the secret is shown only now)`,
          );
        return 0;
      }
      case 'list': {
        const lines = await services.businessLines.list();
        if (json) console.log(JSON.stringify(lines));
        else
          for (const l of lines)
            console.log(
              `${l.appId}  ${l.status.padEnd(8)}  ${l.autoApprove ? 'auto-approve' : '            '}  ${l.name}`,
            );
        return 0;
      }
      case 'disable':
      case 'enable': {
        const appId = positional[0];
        if (!appId) throw new HetongError('VALIDATION_FAILED', 400, 'an APP_ID is required');
        const line = await services.businessLines.setStatus(
          appId,
          sub === 'disable' ? 'disabled' : 'active',
          CLI_ACTOR,
        );
        console.log(`${line.appId}: ${line.status}`);
        return 0;
      }
      case 'rotate-secret': {
        const appId = positional[0];
        if (!appId) throw new HetongError('VALIDATION_FAILED', 400, 'an APP_ID is required');
        const issued = await services.businessLines.rotateSecret(appId, CLI_ACTOR);
        if (json) console.log(JSON.stringify({ appId: issued.appId, appSecret: issued.appSecret }));
        else console.log(`new secret for ${appId}: ${issued.appSecret}`);
        return 0;
      }
      default:
        console.error(`unknown subcommand '${sub}'\n${USAGE}`);
        return 2;
    }
  } finally {
    await services.close();
  }
}
