// Shapes of the spec data. The JSON under spec/src/ is the source of truth; these types describe it.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };
export type Lines = [number, number];
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface Note {
  kind: 'erratum' | 'rule' | 'inferred';
  lines: Lines;
  text: string;
  resolution?: string;
}

/** One operation as extracted from chapter 4 (spec/src/operations/<section>.json). */
export interface OperationFragment {
  section: string;
  title: string;
  lines: Lines;
  method: HttpMethod;
  path: string;
  uriLine: number;
  operation: JsonObject & { operationId: string };
  schemas: Record<string, JsonObject>;
  notes?: Note[];
}

export interface ErrorCode {
  code: string;
  status: number;
  family: 'DCS' | 'numeric';
  message: string;
  description: string;
  solution: string;
  lines: Lines;
  /** Id of the meaning (same status and message) this code belongs to. */
  meaning: string;
  twin?: string;
}

export interface ErrorMeaning {
  id: string;
  status: number;
  message: string;
  dcsCodes: string[];
  numericCodes: string[];
}

export interface ErrorCatalogData {
  codes: ErrorCode[];
  meanings: ErrorMeaning[];
}

export interface ActionRow {
  action: string;
  method?: string;
  path?: string;
  name: string;
  lines: Lines;
}

export interface ErratumReading {
  id: string;
  section: string;
  lines: Lines;
  text: string;
}

export interface Erratum {
  id: string;
  title: string;
  readings: ErratumReading[];
  resolution: { strict: string[]; lenient: string[]; text: string };
}

export interface ExampleExcuse {
  section: string;
  /** "request/<name>" or "response/<status>/<name>" */
  example: string;
  reason: string;
  erratum?: string;
}
