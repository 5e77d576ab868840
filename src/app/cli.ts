/**
 * The `hetong` command line. Each command lives in `./commands/<name>.ts` and exports `run(args)`;
 * this file only dispatches, so capabilities add commands without touching each other.
 */
import { HetongError } from '../shared/errors.js';

type Command = { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number | void> }> };

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'run the service (HTTP API, console, jobs)', load: () => import('./commands/serve.js') },
  render: {
    summary: 'render a contract: TEMPLATE.docx DATA.json -o OUT.pdf [--png DIR] [--html OUT.html] [--dark]',
    load: () => import('./commands/render.js'),
  },
  template: {
    summary: 'template inspect TEMPLATE.docx: fields and warnings as JSON',
    load: () => import('./commands/template.js'),
  },
  sign: {
    summary: 'sign a PDF (PAdES B-T) with a certificate from the built-in CA',
    load: () => import('./commands/sign.js'),
  },
  verify: {
    summary: 'verify the signatures of a PDF (exit 0 only when all are valid)',
    load: () => import('./commands/verify.js'),
  },
  ca: {
    summary: 'built-in CA: init, export-root, export, crl, issue, revoke',
    load: () => import('./commands/ca.js'),
  },
  migrate: {
    summary: 'apply pending database migrations (--status to list them)',
    load: () => import('./commands/migrate.js'),
  },
  'business-line': {
    summary: 'create, list, disable, enable business lines, rotate their secrets',
    load: () => import('./commands/business-line.js'),
  },
  admin: { summary: 'create and list admin accounts', load: () => import('./commands/admin.js') },
  request: {
    summary: 'send one signed API request with the bundled client',
    load: () => import('./commands/request.js'),
  },
};

export async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`hetong: unknown command '${name}'\n`);
    printHelp();
    process.exitCode = 2;
    return;
  }
  try {
    const mod = await command.load();
    const code = await mod.run(args);
    if (typeof code === 'number') process.exitCode = code;
  } catch (e) {
    if (e instanceof HetongError) {
      console.error(`hetong ${name}: ${e.code}: ${e.message}`);
      if (e.details !== undefined) console.error(JSON.stringify(e.details, null, 2));
      process.exitCode = 1;
    } else {
      console.error(`hetong ${name}:`, e);
      process.exitCode = 1;
    }
  }
}

function printHelp(): void {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  console.log('usage: hetong <command> [options]\n\ncommands:');
  for (const [n, c] of Object.entries(COMMANDS)) console.log(`  ${n.padEnd(width)}  ${c.summary}`);
}
