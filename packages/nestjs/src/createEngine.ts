import { Logger as NestLogger } from '@nestjs/common';
import { ConfigurationError, Engine, type Logger } from '@flowcache/core';
import type { FlowcacheModuleOptions } from './FlowcacheModuleOptions';

const OPTION_NAMES: readonly string[] = [
  'settings',
  'results',
  'logger',
  'clock',
  'storage',
  'serializer',
  'lockManager',
];

/**
 * The application's engine. Unknown options fail here, at startup, as they do in `installFlowcache`: a typo in
 * `lockManger` would otherwise surface only when a SERIALIZABLE task first runs.
 */
export function createEngine(options: FlowcacheModuleOptions | undefined): Engine {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(`FlowcacheModule options must be an object, got ${String(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name)) {
      throw new ConfigurationError(
        `unknown FlowcacheModule option "${name}"; the options are ${OPTION_NAMES.join(', ')}`,
      );
    }
  }
  return new Engine({ ...options, logger: options.logger ?? nestLogger() });
}

// Warnings belong in the application's log, with its format and level filtering, not on bare console.warn.
function nestLogger(): Logger {
  const logger = new NestLogger('Flowcache');
  return { warn: (message) => logger.warn(message) };
}
