import { usageError } from '../CliError';
import { formatTime } from './formatValues';

/**
 * Refuses a period whose `--since` is not before its `--until` (`--since 1d --until 7d`), which no flow run can
 * have started in: checked before the storage is opened, as a usage error of `command`.
 */
export function checkPeriod(since: Date | undefined, until: Date | undefined, command: string): void {
  if (since === undefined || until === undefined || since.getTime() < until.getTime()) return;
  throw usageError(
    `--since (${formatTime(since.toISOString())}) is not before --until (${formatTime(until.toISOString())}): ` +
      'no flow run started in the period (with "how long ago" forms, --since takes the longer one: ' +
      '--since 7d --until 1d)',
    command,
  );
}
