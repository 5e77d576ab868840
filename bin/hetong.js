#!/usr/bin/env node
// The `hetong` command: the TypeScript CLI run through tsx's loader (no build step needed).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/app/cli.ts');
await main(process.argv.slice(2));
