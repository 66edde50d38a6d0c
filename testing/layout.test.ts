// One file-name case and one test layout (testing/layout.ts says which): the tree has no offence, and
// the check finds each kind of offence on a synthetic tree.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CROSS_CUTTING, layoutOffences, treeFiles } from './layout.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the tree', () => {
  const files = treeFiles(root);

  test('is read (tests and sources of every layer are found)', () => {
    expect(files.filter((f) => f.endsWith('.test.ts')).length).toBeGreaterThan(80);
    expect(files).toContain('testing/layout.ts');
  });

  test('has camelCase file names and every test beside its module or listed as cross-cutting', () => {
    expect(layoutOffences(files), 'layout offences (testing/layout.ts says the rules)').toEqual([]);
  });

  test('every cross-cutting test says why', () => {
    expect(Object.entries(CROSS_CUTTING).filter(([, why]) => why.trim().length < 10).map(([path]) => path)).toEqual([]);
  });
});

describe('the check itself', () => {
  const tree = [
    'spec/rules/passwords.ts',
    'spec/rules/passwords.test.ts', // beside its module
    'spec/src/chapters.json',
    'spec/src/chapters.test.ts', // beside its data
    'spec/src/operations/4.1.1.json', // numeric parts
    'spec/src/iamActions.inferred.json',
    'harness/auth/aksk.ts',
    'harness/auth/aksk.property.test.ts', // x.<kind>.test.ts
    'emulator/faults/index.ts',
    'emulator/faults/index.test.ts', // a folder's own test
    'emulator/faults/maintenance-window.ts', // kebab-case
    'emulator/faults/Status.ts', // not camelCase
    'emulator/acl.test.ts', // nothing beside it, not listed
    'emulator/resources/acl.ts',
    'spec/test/rules.test.ts', // a test folder, and nothing beside it
    'cli/cli.test.ts', // listed
    'cli/main.ts',
    'cli/main.test.ts', // listed, though beside its module
    'package-lock.json', // an exception
    '.oxlintrc.json', // a dotfile: the tool's name
    'README.md',
  ];
  const listed = { 'cli/cli.test.ts': 'end to end', 'cli/main.test.ts': 'end to end', 'cli/gone.test.ts': 'removed since' };

  test('reports each offence, and nothing else', () => {
    expect(layoutOffences(tree, listed, { 'package-lock.json': "npm's name" })).toEqual([
      'emulator/faults/maintenance-window.ts: not camelCase (maintenance-window)',
      'emulator/faults/Status.ts: not camelCase (Status)',
      'emulator/acl.test.ts: no acl.ts (or .json) beside it: move it beside the module it tests, or list it in CROSS_CUTTING (testing/layout.ts) with the reason',
      'spec/test/rules.test.ts: in a test/ folder (tests sit beside the module they test)',
      'spec/test/rules.test.ts: no rules.ts (or .json) beside it: move it beside the module it tests, or list it in CROSS_CUTTING (testing/layout.ts) with the reason',
      'cli/main.test.ts: listed as cross-cutting, but sits beside cli/main.ts: take it off the list',
      'cli/gone.test.ts: listed as cross-cutting, but there is no such file',
    ]);
  });

  test('a name exception must name a file that exists', () => {
    expect(layoutOffences(['a/b.ts'], {}, { 'c/old-name.json': 'gone' })).toEqual(['c/old-name.json: listed as a name exception, but there is no such file']);
  });
});
