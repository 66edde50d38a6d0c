import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SPEC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SPEC_SRC = join(SPEC_DIR, 'src');
export const OPERATIONS_DIR = join(SPEC_SRC, 'operations');
export const RULES_DIR = join(SPEC_SRC, 'rules');
/** The bundled OpenAPI document: generated from spec/src by `npm run build:spec`, committed. */
export const BUNDLE_FILE = join(SPEC_DIR, 'dcs-v2.openapi.json');
