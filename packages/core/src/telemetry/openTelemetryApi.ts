import type * as OpenTelemetryApi from '@opentelemetry/api';

/** The `@opentelemetry/api` module, as flowcache uses it. */
export type OpenTelemetry = typeof OpenTelemetryApi;

// `undefined`: not looked for yet; `null`: looked for, and not installed.
let loaded: OpenTelemetry | null | undefined;

/**
 * `@opentelemetry/api` when the application has it installed, else `undefined`. Looked for once per process, and
 * only when the first engine with telemetry on is made: loading `@flowcache/core` never requires it, so an
 * application without it pays nothing. A copy that is installed but fails to load is reported once through
 * `warn`, and flowcache runs without telemetry.
 */
export function openTelemetryApi(warn: (message: string) => void): OpenTelemetry | undefined {
  if (loaded === undefined) loaded = load(warn);
  return loaded ?? undefined;
}

function load(warn: (message: string) => void): OpenTelemetry | null {
  try {
    // A plain require, in a function: TypeScript keeps it lazy, and bundlers leave an optional peer alone.
    return require('@opentelemetry/api') as OpenTelemetry;
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code !== 'MODULE_NOT_FOUND') {
      warn(
        `@opentelemetry/api is installed but could not be loaded, so flowcache reports no telemetry: ${String(error)}`,
      );
    }
    return null;
  }
}
