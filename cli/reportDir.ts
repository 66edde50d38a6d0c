// Where a command will write: checked before any work starts, so a bad --report-dir is a usage error
// (exit 2) that names the fix, not a raw stack after a whole run. It also keeps the run away from
// places Node cannot create directories in: mkdir -p under /proc never returns on Node 20.
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'a read-only file system',
  ENOENT: 'that file system takes no new files; a virtual one such as /proc?',
  ENOTDIR: 'a part of the path is a file',
};
const why = (e: unknown) => {
  const code = (e as { code?: string }).code ?? '';
  return `${WHY[code] ?? (e as Error).message}${code ? `, ${code}` : ''}`;
};

/**
 * Checks that `dir` can hold the files a command writes: every part of the path that exists is a
 * directory, and the deepest one that exists takes a new file (a probe, removed at once; access(2)
 * says yes to root on read-only places). Nothing is created: the command makes the missing parts.
 * Returns the absolute path; throws UsageError naming `flag`.
 */
export function checkWritableDir(dir: string, flag = '--report-dir'): string {
  const abs = resolve(dir);
  const fail = (what: string) => new UsageError(`${flag} ${dir}: ${what}. Fix: give ${flag} a directory you can write to (created if missing), e.g. ${flag} reports`);
  let existing = abs;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) throw fail(`${existing} is a file, not a directory`);
      break;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = (e as { code?: string }).code;
      if (code === 'ENOTDIR') {
        existing = dirname(existing);
        continue;
      }
      if (code !== 'ENOENT') throw fail(`cannot read ${existing} (${why(e)})`);
      if (dirname(existing) === existing) throw fail(`no part of the path exists`);
      existing = dirname(existing);
    }
  }
  const probe = join(existing, `.dcs-conformance-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    throw fail(`cannot write in ${existing} (${why(e)})`);
  }
  return abs;
}
