// Busy refusals of a step a client needs: "the instance is configuring", "a backup is running"… The
// codes are the spec's (lifecycles.busyCodes). Such a step is sent again once the pending work has
// ended, with a growing pause, until its wait budget is spent; the request a case judges is never
// sent through here.
import { setTimeout as delay } from 'node:timers/promises';
import type { Spec } from '../../spec/index.ts';

/** The busy code of an answer (a catalog refusal at its own status), or undefined. */
export function busyCode(spec: Spec, answer: { status: number; json?: unknown; body?: unknown }): string | undefined {
  const code = ((answer.json ?? answer.body) as { error_code?: unknown } | undefined)?.error_code;
  if (typeof code !== 'string' || !spec.lifecycles.busyCodes.includes(code)) return undefined;
  return spec.errors.get(code)?.status === answer.status ? code : undefined;
}

export interface BusyRetry {
  code: string;
  attempt: number;
  waitedMs: number;
}

/**
 * Sends `step`; while the answer is a busy refusal, lets pending work finish (`settle`), pauses and
 * sends again, for at most `budgetMs`. Returns the last answer: still busy when the budget ran out.
 */
export async function retryWhileBusy<T extends { status: number }>(spec: Spec, step: () => Promise<T>, o: { settle: () => Promise<void>; budgetMs: number; onRetry?: (r: BusyRetry) => void; sleep?: (ms: number) => Promise<void>; now?: () => number }): Promise<T> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => delay(ms));
  const started = now();
  let pause = 200;
  for (let attempt = 1; ; attempt++) {
    const answer = await step();
    const code = busyCode(spec, answer as never);
    if (!code || now() - started >= o.budgetMs) return answer;
    await o.settle();
    await sleep(pause);
    o.onRetry?.({ code, attempt, waitedMs: now() - started });
    pause = Math.min(pause * 2, 5_000);
  }
}
