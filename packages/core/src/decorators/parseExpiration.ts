import { Duration } from 'luxon';
import { errorMessage } from '../errors/errorMessage';

/**
 * Milliseconds from any accepted form of `cacheExpiration`, or a description of what is wrong with it.
 * Zero is allowed (results expire at once: never reused); negative and invalid durations are not.
 */
export function parseExpiration(value: unknown): number | string {
  let duration: Duration;
  try {
    if (Duration.isDuration(value)) duration = value;
    else if (typeof value === 'number') duration = Duration.fromMillis(value);
    else if (typeof value === 'string') duration = Duration.fromISO(value);
    else if (typeof value === 'object' && value !== null) duration = Duration.fromObject(value);
    else return `got ${String(value)}`;
  } catch (error) {
    return errorMessage(error);
  }
  if (!duration.isValid) {
    return (
      `${JSON.stringify(value)} is not a valid duration ` + `(${duration.invalidExplanation ?? duration.invalidReason})`
    );
  }
  const milliseconds = duration.toMillis();
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return `${JSON.stringify(value)} is negative or infinite`;
  return milliseconds;
}
