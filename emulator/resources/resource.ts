// What a resource module exports: one Resource, listed by one line in index.ts. The list is typed
// and imported statically, so a module that stops exporting it (or renames it) fails to compile.
import type { Handler } from './context.ts';

export interface Resource {
  /** The module's stem (acl, backups…): names it when two modules claim one operation. */
  readonly name: string;
  /** Its operations' handlers, by operationId. */
  readonly handlers: Readonly<Record<string, Handler>>;
}
