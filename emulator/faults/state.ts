// State faults: which statuses allow which operations (spec/src/rules/instance-states.json).
import { StateMachine } from '../../spec/rules/index.ts';
import type { Fault } from './types.ts';
import { withRules } from './overlay.ts';

/** Allows every operation in every status, except removals, which keep instance-states.delete-refused. */
class RunningNotRequired extends StateMachine {
  override refusal(section: string, status: string, action?: string): string | undefined {
    const t = this.transitionFor(section, action);
    return t?.via && t.to === null ? super.refusal(section, status, action) : undefined;
  }
}

export const stateFaults: Fault[] = [
  {
    id: 'state.requires-running-ignored',
    family: 'state',
    rule: 'instance-states.requires-running',
    breaks: 'Operations that need a RUNNING instance are accepted in any status (CREATING, RESTARTING, EXTENDING…).',
    install(h) {
      h.overlaySpec((spec) => withRules(spec, { states: new RunningNotRequired(spec.rules.states.data) }));
    },
  },
];
