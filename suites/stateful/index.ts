// The stateful suite: one model-based case per model (fast-check fc.commands + fc.asyncModelRun),
// each in its own file; suites/stateful/model.ts runs them and reports the minimal failing sequence.
import type { Spec } from '../../spec/index.ts';
import type { Case } from '../engine/types.ts';
import { aclModel } from './acl.ts';
import { analysisModel } from './analysis.ts';
import { backupsModel } from './backups.ts';
import { configsModel } from './configs.ts';
import { lifecycleModel } from './lifecycle.ts';
import { migrationModel } from './migration.ts';
import { modelCase } from './model.ts';
import { passwordModel } from './passwords.ts';
import { tagsModel } from './tags.ts';
import { whitelistModel } from './whitelist.ts';

/** One case per model, in the order a run goes through them (the instance lifecycle first). */
export function statefulCases(spec: Spec): Case[] {
  return [
    modelCase(spec, lifecycleModel),
    modelCase(spec, passwordModel),
    modelCase(spec, whitelistModel),
    modelCase(spec, backupsModel),
    modelCase(spec, configsModel),
    modelCase(spec, aclModel),
    modelCase(spec, tagsModel),
    modelCase(spec, analysisModel),
    modelCase(spec, migrationModel),
  ];
}
