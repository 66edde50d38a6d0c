#!/usr/bin/env node
// The dcs-conformance command: registers tsx (the sources are TypeScript) and runs cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
