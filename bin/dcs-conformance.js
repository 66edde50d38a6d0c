#!/usr/bin/env node
// The dcs-conformance command. Installed from npm it runs the compiled JavaScript (dist/, built by
// `npm run build`, which `npm pack` runs); in a checkout of the sources it runs the TypeScript itself
// through tsx (a devDependency), so a change needs no build.
import { existsSync } from 'node:fs';

const source = new URL('../cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
