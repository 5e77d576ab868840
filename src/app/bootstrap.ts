/**
 * First start: when the database has no admin account (and no business line), create one of each
 * and hand back their one-time credentials for the start banner.
 */
import { randomPassword } from '../admin/passwords.js';
import type { IssuedCredentials } from '../tenancy/business-lines.js';
import { SYSTEM_ACTOR } from '../tenancy/context.js';
import type { Services } from './container.js';

export interface FirstStart {
  admin?: { username: string; password: string };
  demo?: IssuedCredentials;
}

export async function bootstrapFirstStart(services: Services): Promise<FirstStart> {
  const out: FirstStart = {};
  if ((await services.admin.count()) === 0) {
    const password = randomPassword();
    await services.admin.createAccount({ username: 'admin', password, role: 'admin' }, SYSTEM_ACTOR);
    out.admin = { username: 'admin', password };
  }
  if ((await services.businessLines.list()).length === 0) {
    out.demo = await services.businessLines.create(
      { name: 'Demo 演示业务线', autoApprove: true },
      SYSTEM_ACTOR,
    );
  }
  return out;
}

export function firstStartBanner(first: FirstStart, baseUrl: string): string {
  const lines: string[] = [];
  if (first.admin) {
    lines.push(
      'Admin account created (the password is shown only now):',
      `  username: ${first.admin.username}`,
      `  password: ${first.admin.password}`,
      `  console:  ${baseUrl}/console/`,
      '',
    );
  }
  if (first.demo) {
    lines.push(
      'Demo business line created (the secret is shown only now):',
      `  appId:     ${first.demo.appId}`,
      `  appSecret: ${first.demo.appSecret}`,
      '',
      'Example signed request with the bundled client:',
      `  npx hetong request GET /api/v1/business-line --url ${baseUrl} --app-id ${first.demo.appId} --app-secret ${first.demo.appSecret}`,
      '',
    );
  }
  return lines.join('\n');
}
