// What an auth provider is: the request it signs, the headers it adds per attempt, and the
// credentials it declares so that every writer masks them (repro/mask.ts).

/** A value to hide; `env` names the environment variable that holds it (its placeholder), if any. */
export interface Secret {
  value: string;
  env?: string;
}
export type SecretInput = string | Secret | undefined;

export interface SignableRequest {
  method: string;
  url: URL;
  /** Lower-case names, exactly as they will be sent (host included). */
  headers: Record<string, string>;
  /** The exact body bytes that will be sent. */
  body: Uint8Array;
}

export interface AuthProvider {
  readonly kind: 'token' | 'aksk' | 'none';
  /** Headers (lower-case names) to add to this attempt. */
  authorize(req: SignableRequest, nowMs: number): Record<string, string>;
  /** Values that must never appear in any output; the maskers learn them from here (with the environment variable a reproduction reads each from). */
  readonly secrets: readonly SecretInput[];
}
