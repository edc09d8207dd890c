import { ConfigurationError } from '../errors/ConfigurationError';
import type { Logger } from '../settings/Logger';
import type { FlowcacheSettings } from '../settings/settings';

/** Container-wide defaults; anything already bound under its token wins over these. */
export interface InstallOptions {
  settings?: Partial<FlowcacheSettings>;
  logger?: Logger;
  /** The current time in epoch milliseconds, for expiry and `context.now`; by default `Date.now`. */
  clock?: () => number;
}

const INSTALL_OPTION_NAMES: readonly string[] = ['settings', 'logger', 'clock'];

/** Throws `ConfigurationError` naming an unknown option: a typo would otherwise be ignored. */
export function checkInstallOptions(options: InstallOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(`flowcache install options must be an object, got ${String(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!INSTALL_OPTION_NAMES.includes(name)) {
      throw new ConfigurationError(
        `unknown install option "${name}"; the options are ${INSTALL_OPTION_NAMES.join(', ')}`,
      );
    }
  }
}
