import { createHmac } from 'node:crypto';
import { tokensEqual } from './requestGuards';

/** What an invalidate post found: a record it deleted, or no record under the key. */
export interface InvalidationNotice {
  readonly outcome: 'invalidated' | 'missing';
  readonly key: string;
}

const OUTCOMES: readonly InvalidationNotice['outcome'][] = ['invalidated', 'missing'];

/**
 * The query parameters carrying an invalidate post's outcome to the records list it redirects to: `invalidated=<key>`
 * or `missing=<key>`, and `proof`, an HMAC of both under a secret of the server. A link made elsewhere
 * (`/records?invalidated=prices%2Fall`) then shows no notice: only this server can tell what it did.
 */
export function noticeParameters(secret: string, notice: InvalidationNotice): URLSearchParams {
  return new URLSearchParams({ [notice.outcome]: notice.key, proof: proofOf(secret, notice) });
}

/** The notice the records list's query carries, when its proof holds; `undefined` otherwise. */
export function readNotice(secret: string, parameters: URLSearchParams): InvalidationNotice | undefined {
  const proof = parameters.get('proof');
  if (proof === null) return undefined;
  for (const outcome of OUTCOMES) {
    const key = parameters.get(outcome);
    if (key !== null && tokensEqual(proof, proofOf(secret, { outcome, key }))) return { outcome, key };
  }
  return undefined;
}

// The outcome is signed with the key: the proof of a "missing" notice must not pass for an "invalidated" one.
function proofOf(secret: string, { outcome, key }: InvalidationNotice): string {
  return createHmac('sha256', secret).update(`${outcome}\n${key}`).digest('base64url');
}
