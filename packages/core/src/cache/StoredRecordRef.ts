import type { ResultStorage } from '../storage/ResultStorage';

/**
 * Which stored record a memory entry holds the value of, so that a memory hit can check, now and then, that the
 * record is still there and still the same one (see the `memoryRevalidateMs` setting). Mutable on purpose: the
 * time of the last check, and the check in progress that concurrent hits of the entry share.
 */
export class StoredRecordRef {
  /** The check running now, shared by the hits that need one meanwhile; `true` when the record is unchanged. */
  checking: Promise<boolean> | undefined;

  constructor(
    readonly storage: ResultStorage,
    /** The record's `digest`: another record under the key (rewritten by another process) has another one. */
    readonly digest: string,
    /** When the record was last known to be stored (engine clock, epoch ms). */
    public validatedAt: number,
    /**
     * For a record whose write may still be under way (a background write): resolves to whether it was written.
     * Until then a missing record is expected, not a deletion.
     */
    readonly written?: Promise<boolean>,
  ) {}
}
