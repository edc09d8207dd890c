import type { CommitOutcome, WorkEnd } from './CommitOutcome';
import type { Transaction } from './Transaction';
import { beginWait } from './waitsBetweenTransactions';

/**
 * @internal Whether code running in `reader` may use a result not yet committed, staged by a call in `source` (the
 * call's own transaction), at once: only if that result being rolled back necessarily rolls `reader` back too, so
 * nothing built on it outlives it. That holds when, below the lowest transaction enclosing both (which must still
 * be active): on the result's side, no transaction can roll back without its parent following (a task call whose
 * failed attempt may yet be discarded and retried) or stops the rollback going up (committed); and on the reader's
 * side, no transaction commits the reader's work on its own (`eager`, or committed early). A committed result is
 * always fine to read.
 */
export function sharesFate(reader: Transaction | undefined, source: Transaction, outcome: CommitOutcome): boolean {
  if (outcome.decided === 'committed') return true;
  if (reader === undefined) return false;
  const common = lowestCommon(reader, source);
  if (common === undefined || common.state !== 'active') return false;
  for (let node = source; node !== common; node = node.parent!) {
    if (node.mayDiscardAttempt || node.state === 'committed') return false;
  }
  for (let node = reader; node !== common; node = node.parent!) {
    if (node.commitMode === 'eager' || node.state === 'committed') return false;
  }
  return true;
}

/**
 * @internal What a reader that may not use the result at once gets after waiting for its outcome: `committed`, or
 * `rolledBack` (look again); `undefined` when the wait would never end (the transaction deciding the result
 * encloses the reader, or waits for it): then the reader computes the result on its own. The wait is recorded for
 * `waiter`, the transaction the waiting code runs in.
 */
export async function awaitOutcome(
  waiter: Transaction,
  source: Transaction,
  outcome: CommitOutcome,
): Promise<WorkEnd | undefined> {
  const endWait = beginWait(waiter, decidingTransaction(source));
  if (endWait === undefined) return undefined;
  try {
    return await outcome.settled();
  } finally {
    endWait();
  }
}

// The transaction whose end decides, at the latest, the outcome of work staged in `source`: the work goes up with
// each lazy or `off` transaction that ends, until an `eager` one, or one whose parent committed early, or the
// outermost one, commits or rolls it back.
function decidingTransaction(source: Transaction): Transaction {
  let node = source;
  while (node.parent !== undefined && node.commitMode !== 'eager' && node.parent.state !== 'committed')
    node = node.parent;
  return node;
}

function lowestCommon(first: Transaction, second: Transaction): Transaction | undefined {
  const enclosing = new Set<Transaction>();
  for (let node: Transaction | undefined = first; node !== undefined; node = node.parent) enclosing.add(node);
  for (let node: Transaction | undefined = second; node !== undefined; node = node.parent) {
    if (enclosing.has(node)) return node;
  }
  return undefined;
}
