// Part of `npm run build`: the spec's data (spec/src/**/*.json and the bundled OpenAPI document) beside
// the compiled modules in dist/spec, where spec/build/paths.ts finds them in the installed package.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILE, SPEC_DIR, SPEC_SRC } from './paths.ts';

const out = join(SPEC_DIR, '..', 'dist', 'spec');
cpSync(SPEC_SRC, join(out, 'src'), { recursive: true, filter: (f) => !/\.(ts|md)$/.test(f) });
cpSync(BUNDLE_FILE, join(out, 'dcs-v2.openapi.json'));
