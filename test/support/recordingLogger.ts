import type { Logger } from '@flowcache/core';

/** A logger that keeps warnings for assertions instead of printing them. */
export class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
}
