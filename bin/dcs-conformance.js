#!/usr/bin/env node
// The dcs-conformance command. Installed from npm it runs the compiled JavaScript (dist/, built by
// `npm run build`, which `npm pack` runs); in a checkout of the sources it runs the TypeScript itself
// through tsx (a devDependency), so a change needs no build.
import { existsSync } from 'node:fs';

/**
 * In a checkout, dependencies a command is sure to load are imported before tsx is registered: its
 * hooks see every module loaded after that, node_modules included, and vitest/node (vite, rolldown:
 * hundreds of files) takes 0.6 s to import natively but 2.1 s through them. Importing
 * cli/commands/run.ts: 2.2 s → 1.3 s (bench/coldStart.ts measures the command).
 */
const NATIVE_FIRST = { run: ['vitest/node'] };

const source = new URL('../cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  await Promise.all((NATIVE_FIRST[process.argv[2]] ?? []).map((m) => import(m)));
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
