/** How staged work ended: written and kept (`committed`), or dropped with its rollback hooks run (`rolledBack`). */
export type WorkEnd = 'committed' | 'rolledBack';

/**
 * @internal Whether a staged result ended committed or rolled back, known once its transaction decided and the
 * result's hooks ran. A call outside that transaction that joined the call computing the result (single-flight)
 * waits for it: it may read only what was committed.
 */
export class CommitOutcome {
  /** The outcome of a result read from the cache: committed before anyone read it. */
  static readonly committed = new CommitOutcome('committed');

  private ended: WorkEnd | undefined;
  private whenEnded: Promise<WorkEnd> | undefined;
  private announce: ((end: WorkEnd) => void) | undefined;

  constructor(ended?: WorkEnd) {
    this.ended = ended;
  }

  /** How the work ended, once decided. */
  get decided(): WorkEnd | undefined {
    return this.ended;
  }

  /** Records how the work ended; the first decision stands. */
  decide(end: WorkEnd): void {
    if (this.ended !== undefined) return;
    this.ended = end;
    this.announce?.(end);
  }

  /** Resolves once the work is committed or rolled back (made only when someone waits: most results have no joiner). */
  settled(): Promise<WorkEnd> {
    this.whenEnded ??=
      this.ended === undefined ? new Promise((resolve) => (this.announce = resolve)) : Promise.resolve(this.ended);
    return this.whenEnded;
  }
}
