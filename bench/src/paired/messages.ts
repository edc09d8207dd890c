import type { BatchTiming } from './BatchTiming';

/** From the parent to a case worker. */
export type ParentMessage = { readonly kind: 'batch'; readonly count: number } | { readonly kind: 'close' };

/** From a case worker to the parent. */
export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'timing'; readonly timing: BatchTiming }
  | { readonly kind: 'closed'; readonly note: string | undefined }
  | { readonly kind: 'failed'; readonly message: string };
