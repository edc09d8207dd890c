import { SingleBar } from 'cli-progress';

/** Receives the number of stored objects examined so far, from `CacheInspector`'s `onProgress`. */
export interface ProgressReporter {
  readonly onProgress: ((examined: number) => void) | undefined;
  /** Removes the line; call it before printing results. */
  stop(): void;
}

const SILENT: ProgressReporter = { onProgress: undefined, stop: () => undefined };

/**
 * A live "N objects examined" line on stderr while a command walks the whole storage, shown only to a person
 * watching a terminal: never with `--json` and never when stderr is a pipe or a file, where the redraws would be
 * noise. The total is unknown (a storage listing has no count), so it counts instead of filling a bar.
 */
export function startProgress(
  label: string,
  { json, stream = process.stderr }: { json: boolean; stream?: NodeJS.WriteStream },
): ProgressReporter {
  if (json || !stream.isTTY) return SILENT;
  const bar = new SingleBar({
    stream,
    format: `${label}: {value} stored objects examined ({duration_formatted})`,
    clearOnComplete: true,
    hideCursor: true,
  });
  bar.start(0, 0);
  return {
    onProgress: (examined) => bar.update(examined),
    stop: () => bar.stop(),
  };
}
