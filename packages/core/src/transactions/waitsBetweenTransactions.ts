/**
 * @internal A transaction as the waits see it: a node of its tree (the outermost transaction is the root). Kept
 * structural, so that `Transaction` can use this module without an import cycle.
 */
export interface WaitingNode {
  readonly parent: WaitingNode | undefined;
}

/** @internal Ends a wait begun with `beginWait`. */
export type EndWait = () => void;

/** Code running in `waiter` (its body, so `waiter` and every transaction enclosing it) waits until `awaited` ends. */
interface Wait {
  readonly waiter: WaitingNode;
  readonly awaited: WaitingNode;
}

// The waits going on now, by the tree of their waiter: across every engine of the process, since one transaction
// tree may call the tasks of several engines. An entry lives only while its wait does.
const waitsByTree = new Map<WaitingNode, Set<Wait>>();

/**
 * @internal Records that code in `waiter` waits until `awaited` ends (for a joined call's body, its commit, or the
 * release of a lock), unless that wait could never end: when `awaited` encloses `waiter` (a call waiting for its
 * own caller), or when what runs inside `awaited` waits, through the waits going on now, for `waiter` or a
 * transaction enclosing it (two trees each waiting for the other). Then `undefined`, and the caller must not wait.
 * Only one of the waits that would close a cycle is refused, the last one to begin. Waits this module does not
 * see (user code awaiting a promise made in another transaction) can still hang.
 */
export function beginWait(waiter: WaitingNode, awaited: WaitingNode): EndWait | undefined {
  if (wouldWaitForItself(waiter, awaited)) return undefined;
  const tree = rootOf(waiter);
  let waits = waitsByTree.get(tree);
  if (waits === undefined) {
    waits = new Set();
    waitsByTree.set(tree, waits);
  }
  const wait: Wait = { waiter, awaited };
  waits.add(wait);
  return () => {
    waits.delete(wait);
    if (waits.size === 0 && waitsByTree.get(tree) === waits) waitsByTree.delete(tree);
  };
}

/** @internal How many waits are going on now (for tests: none once the calls have ended). */
export function liveWaits(): number {
  let count = 0;
  for (const waits of waitsByTree.values()) count += waits.size;
  return count;
}

// A transaction ends only once everything running inside it has ended (its body awaits it), so from `awaited`,
// follow what the transactions inside it wait for, looking for the waiter or a transaction enclosing it.
function wouldWaitForItself(waiter: WaitingNode, awaited: WaitingNode): boolean {
  const seen = new Set<WaitingNode>();
  const pending = [awaited];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (encloses(node, waiter)) return true;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const wait of waitsByTree.get(rootOf(node)) ?? []) {
      if (encloses(node, wait.waiter)) pending.push(wait.awaited);
    }
  }
  return false;
}

/** Whether `inner` is `outer` or runs inside it. */
function encloses(outer: WaitingNode, inner: WaitingNode): boolean {
  for (let node: WaitingNode | undefined = inner; node !== undefined; node = node.parent) {
    if (node === outer) return true;
  }
  return false;
}

function rootOf(node: WaitingNode): WaitingNode {
  let root = node;
  while (root.parent !== undefined) root = root.parent;
  return root;
}
