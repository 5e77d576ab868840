import { loadConfig } from '../config.js';

export async function run(_args: string[]): Promise<number> {
  const config = loadConfig();
  console.error(`hetong serve: the service is not wired yet (port ${config.port}, data ${config.dataDir})`);
  return 1;
}
