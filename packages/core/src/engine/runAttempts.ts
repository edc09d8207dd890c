import { setTimeout as sleep } from 'node:timers/promises';
import type { MethodDefinition } from '../definitions/MethodDefinition';

/** Counts the attempts of one run so its event can report them, whether it succeeds or fails. */
export class AttemptCounter {
  count = 0;
}

/** Calls `attempt` until it resolves or `definition.retries` retries have failed; then throws the last error. */
export async function runAttempts<T>(
  definition: MethodDefinition,
  attempts: AttemptCounter,
  attempt: () => Promise<T>,
): Promise<T> {
  for (;;) {
    attempts.count++;
    try {
      return await attempt();
    } catch (error) {
      if (attempts.count > definition.retries) throw error;
      if (definition.retryDelayMs > 0) await sleep(definition.retryDelayMs);
    }
  }
}
