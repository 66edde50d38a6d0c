// An instance's SSL state, apart from ssl.ts so instances.ts can read `enabled` (its enable_ssl)
// without importing ssl.ts, which imports backups.ts, which imports instances.ts (a loop).
import { stateKey } from '../core/resourceState.ts';
import type { Instance } from '../core/store.ts';

export interface SslState {
  enabled: boolean;
  /** Set when SSL was first enabled: the certificate the instance serves and hands out. */
  issuedAt?: number;
  expiresAt?: number;
}

export const SSL_STATE = stateKey<SslState>('ssl');

/** Undefined until SSL is first switched (reads never create state). */
export const sslOf = (inst: Instance) => inst.ext.get(SSL_STATE);
