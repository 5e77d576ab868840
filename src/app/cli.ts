/**
 * The `hetong` command line. Each command lives in `./commands/<name>.ts` and exports `run(args)`;
 * this file only dispatches, so capabilities add commands without touching each other.
 */
import { HetongError } from '../shared/errors.js';

type Command = {
  summary: string;
  /** What `hetong <command> --help` prints: the arguments and options. */
  usage: string;
  load: () => Promise<{ run: (args: string[]) => Promise<number | void> }>;
};

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'run the service (HTTP API, console, jobs)',
    usage: 'hetong serve   (configuration from HETONG_* variables and .env; README "Configuration")',
    load: () => import('./commands/serve.js'),
  },
  render: {
    summary: 'render a contract: TEMPLATE.docx DATA.json -o OUT.pdf [--png DIR] [--html OUT.html] [--dark]',
    usage:
      "hetong render TEMPLATE.docx DATA.json -o OUT.pdf [--png DIR --width 800] [--html OUT.html] [--dark] [--engine typst|libreoffice] [--delimiters '{{ }}'] [--missing error|empty]",
    load: () => import('./commands/render.js'),
  },
  template: {
    summary: 'template inspect TEMPLATE.docx: fields and warnings as JSON',
    usage: "hetong template inspect TEMPLATE.docx [--delimiters '{{ }}']",
    load: () => import('./commands/template.js'),
  },
  sign: {
    summary: 'sign a PDF (PAdES B-T) with a certificate from the built-in CA',
    usage:
      "hetong sign IN.pdf -o OUT.pdf --subject 'name=…,kind=person|organization,id=…' [--seal SEAL.png]\n" +
      '  (--page N --x X --y Y [--width W --height H] [--top-left] | --keyword TEXT [--offset-x DX --offset-y DY])\n' +
      '  [--algorithm rsa|ec] [--reason …] [--location …] [--cross-page] [--ltv]\n' +
      '  (a seal image: `POST /api/v1/seals` generates one, or any PNG with transparency)',
    load: () => import('./commands/sign.js'),
  },
  verify: {
    summary: 'verify the signatures of a PDF (exit 0 only when all are valid)',
    usage: 'hetong verify FILE.pdf [--json] [--trust ROOT.pem]',
    load: () => import('./commands/verify.js'),
  },
  evidence: {
    summary: "verify a contract's evidence package offline (exit 0 only when every check holds)",
    usage:
      'hetong evidence verify PACKAGE.zip [--key KEY|FILE] [--checkpoint LATER.txt] [--trust ROOT.pem] [--json]\n' +
      '  (the package: GET /api/v1/contracts/{id}/evidence; the key: GET /evidence/key;\n' +
      '   a later checkpoint: GET /evidence/checkpoint?from=<the package tree size>)',
    load: () => import('./commands/evidence.js'),
  },
  ca: {
    summary: 'built-in CA: init, export-root, export, crl, issue, revoke',
    usage: 'hetong ca init | export-root | export | crl | issue | revoke …',
    load: () => import('./commands/ca.js'),
  },
  migrate: {
    summary: 'apply pending database migrations (--status to list them)',
    usage: 'hetong migrate [--status]',
    load: () => import('./commands/migrate.js'),
  },
  'business-line': {
    summary: 'create, list, disable, enable business lines, rotate their secrets',
    usage:
      'hetong business-line create NAME [--auto-approve] [--json] | list | disable APP_ID | enable APP_ID | rotate-secret APP_ID',
    load: () => import('./commands/business-line.js'),
  },
  admin: {
    summary: 'create and list admin accounts',
    usage:
      'hetong admin create-account USERNAME [--role admin|operator|legal] [--password PW] [--json] | list',
    load: () => import('./commands/admin.js'),
  },
  request: {
    summary: 'send one signed API request with the bundled client',
    usage:
      'hetong request METHOD PATH [--data JSON] [--url BASE] [--app-id ID] [--app-secret SECRET]\n' +
      '  (or HETONG_URL, HETONG_APP_ID, HETONG_APP_SECRET in the environment)',
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
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${command.summary}\n\nusage: ${command.usage}`);
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
    } else if (String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) {
      // node:util parseArgs: an unknown or malformed option is the caller's mistake, not a crash.
      console.error(`hetong ${name}: ${(e as Error).message}\n\nusage: ${command.usage}`);
      process.exitCode = 2;
    } else if (['ENOENT', 'EACCES', 'EISDIR'].includes(String((e as { code?: unknown }).code))) {
      // A file argument that cannot be read: say which, without a stack trace.
      const err = e as NodeJS.ErrnoException;
      console.error(`hetong ${name}: cannot read ${err.path ?? 'a file'}: ${err.code}`);
      process.exitCode = 2;
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
