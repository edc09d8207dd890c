import type { ResultStorage } from '../storage/ResultStorage';
import type { RetrySettings } from '../storage/retryTransient';

/** @internal A record a commit writes, as the commit's marker needs to know it (see `markCommit`). */
export interface RecordWrite {
  readonly storage: ResultStorage;
  readonly key: string;
  /** Settles when the write is over: `true` when written; `false` when it failed (the failure was reported). */
  readonly written: Promise<boolean>;
  /** Whether the write goes on after the commit returns (`persistMode: 'background'`). */
  readonly background: boolean;
  /** Whether a failure to make the commit visible must fail it (strict persistence). */
  readonly strict: boolean;
  /** How transient storage failures of the marker are retried. */
  readonly retry: RetrySettings;
  /** The keys the commit's marker is signed with (the engine's `signingKeys`): none, unsigned. */
  readonly signingKeys: readonly string[];
  /** Takes a `sync` record back when the commit fails. */
  undo(): Promise<void>;
  /** Makes the engine and the flow runs that wait for this background write wait for `work` too. */
  track(work: Promise<void>): void;
}
