// Every response check, in the order findings are reported. Adding a check is adding a file and a line.
import { contentType } from './contentType.ts';
import { errorCodeKnown } from './errorCodeKnown.ts';
import { errorCodeStatus } from './errorCodeStatus.ts';
import { expectedCode } from './expectedCode.ts';
import { expectedStatus } from './expectedStatus.ts';
import { schema } from './schema.ts';
import { statusDocumented } from './statusDocumented.ts';
import type { Check } from './types.ts';
import { unknownField } from './unknownField.ts';

export const checks: readonly Check[] = [statusDocumented, schema, contentType, errorCodeKnown, errorCodeStatus, expectedStatus, expectedCode, unknownField];

export type { Check, CheckContext, Expectation, Finding } from './types.ts';
