// Another git ref of this repository, to run its emulator beside ours in one benchmark (--baseline):
// before and after measured interleaved on the same machine at the same time, which a shared
// machine's drift allows no other way. The ref's files come from `git archive` into a temporary
// directory (the repository's worktree list is left alone) with our node_modules linked in.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './report.ts';

export interface Checkout {
  ref: string;
  /** The commit the ref named when it was checked out. */
  commit: string;
  root: string;
  remove(): void;
}

export function checkoutRef(ref: string): Checkout {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const root = mkdtempSync(join(tmpdir(), 'dcs-baseline-'));
  execFileSync('sh', ['-c', 'git archive --format=tar "$0" | tar -x -C "$1"', commit, root], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(root, 'node_modules'));
  return { ref, commit, root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
