// `dcs-conformance spec stats|lint`: what the machine-readable spec holds, and whether it is consistent.
import { loadSpec } from '../../spec/index.ts';
import { lintSpec } from '../../spec/lint.ts';
import { UsageError } from '../errors.ts';
import { EXIT, type Command } from '../types.ts';

export const specCommand: Command = {
  name: 'spec',
  help: `Usage: dcs-conformance spec stats
       dcs-conformance spec lint

stats  counts of operations, parameters, constraints, status codes, error codes, rules, errata
lint   loads and validates the spec (OpenAPI 3.1, every schema compiled in ajv strict mode) and checks
       that the bundle is fresh, rule and errata codes exist, errata resolutions name their readings;
       exit 1 when something is wrong`,
  async run(argv, io) {
    const [sub, ...extra] = argv;
    if (extra.length) throw new UsageError(`spec ${sub}: unexpected ${extra.join(' ')}`);
    if (sub === 'stats') {
      await import('../../spec/cli/stats.ts');
      return EXIT.ok;
    }
    if (sub === 'lint') {
      const spec = await loadSpec();
      const problems = lintSpec(spec);
      for (const p of problems) io.out(`✗ ${p}`);
      io.out(problems.length ? `${problems.length} problem(s)` : `spec ok: ${spec.operations.length} operations, ${spec.rules.ids.length} rules, ${spec.errata.length} errata, hash ${spec.hash.slice(0, 16)}`);
      return problems.length ? EXIT.nonConformant : EXIT.ok;
    }
    throw new UsageError(`spec needs a subcommand: stats or lint (got ${sub ?? 'nothing'})`);
  },
};
