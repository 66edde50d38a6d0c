// Arbitraries for the string formats ajv-formats validates. Each is filtered through the same format
// check, so a format ajv reads more strictly than fast-check generates cannot slip through.
import fc from 'fast-check';
import { matchesFormat } from './matches.ts';

const dates = () => fc.date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2099-12-31T23:59:59.999Z'), noInvalidDate: true });

const BUILDERS: Record<string, () => fc.Arbitrary<string>> = {
  'date-time': () => dates().map((d) => d.toISOString()),
  date: () => dates().map((d) => d.toISOString().slice(0, 10)),
  time: () => dates().map((d) => `${d.toISOString().slice(11, 19)}Z`),
  uuid: () => fc.uuid(),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
  email: () => fc.emailAddress(),
  hostname: () => fc.domain(),
  uri: () => fc.webUrl(),
  'uri-reference': () => fc.webUrl(),
  url: () => fc.webUrl(),
  byte: () => fc.base64String({ maxLength: 24 }),
};

/** undefined for formats without a dedicated arbitrary (password, binary, …): a plain string will do. */
export function formatArbitrary(format: string): fc.Arbitrary<string> | undefined {
  const make = BUILDERS[format];
  return make?.().filter((v) => matchesFormat(format, v));
}
