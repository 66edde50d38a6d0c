// The error-code catalog of appendix 6.2 with the two code families modelled as "meanings": codes
// with the same HTTP status and message are interchangeable (see erratum error-code-families).
import type { ErrorCatalogData, ErrorCode, ErrorMeaning } from './types.ts';
import { SpecLookupError } from './errors.ts';

export class ErrorCatalog {
  readonly codes: readonly ErrorCode[];
  readonly meanings: readonly ErrorMeaning[];
  private readonly byCode = new Map<string, ErrorCode>();
  private readonly byMeaning = new Map<string, ErrorMeaning>();

  constructor(data: ErrorCatalogData) {
    this.codes = data.codes;
    this.meanings = data.meanings;
    for (const c of data.codes) this.byCode.set(c.code, c);
    for (const m of data.meanings) this.byMeaning.set(m.id, m);
  }

  get(code: string): ErrorCode | undefined {
    return this.byCode.get(code);
  }

  /** The code itself and every code of the same meaning: what a conforming server may answer. */
  equivalents(code: string): string[] {
    const c = this.byCode.get(code);
    if (!c) return [code];
    const m = this.byMeaning.get(c.meaning)!;
    return [...m.dcsCodes, ...m.numericCodes];
  }

  sameMeaning(a: string, b: string): boolean {
    return this.equivalents(a).includes(b);
  }

  require(code: string): ErrorCode {
    const c = this.byCode.get(code);
    if (!c) throw new SpecLookupError(`error code ${code} is not in the catalog (appendix 6.2)`);
    return c;
  }
}
