import { HetongClient } from '../../client/index.js';
import { HetongError } from '../../shared/errors.js';

const USAGE = `usage: hetong request METHOD PATH [--data JSON] [--url BASE] [--app-id ID] [--app-secret SECRET]
  (or HETONG_URL, HETONG_APP_ID, HETONG_APP_SECRET in the environment)`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `hetong request`: one signed API call with the bundled client; prints the JSON answer. */
export async function run(args: string[]): Promise<number> {
  const [method, path] = args;
  if (!method || !path || !path.startsWith('/')) {
    console.log(USAGE);
    return 2;
  }
  const baseUrl =
    option(args, '--url') ?? process.env.HETONG_URL ?? `http://127.0.0.1:${process.env.HETONG_PORT ?? 8080}`;
  const appId = option(args, '--app-id') ?? process.env.HETONG_APP_ID;
  const appSecret = option(args, '--app-secret') ?? process.env.HETONG_APP_SECRET;
  if (!appId || !appSecret)
    throw new HetongError('VALIDATION_FAILED', 400, 'app id and secret are required\n' + USAGE);
  const data = option(args, '--data');
  const [pathOnly, query] = path.split('?');
  const client = new HetongClient({ baseUrl, appId, appSecret });
  const res = await client.raw(method.toUpperCase(), pathOnly!, {
    ...(query ? { query: Object.fromEntries(new URLSearchParams(query)) } : {}),
    ...(data !== undefined ? { body: JSON.parse(data) as unknown } : {}),
  });
  process.stdout.write(res.body.toString('utf8') + '\n');
  return res.status < 400 ? 0 : 1;
}
