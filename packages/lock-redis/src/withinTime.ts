/** Redis did not answer in time: the link is down or the server stalls. */
export class NoAnswerError extends Error {}

/**
 * `answer`, or after `timeoutMs` a `NoAnswerError` (`<noAnswer> within <timeoutMs> ms`). It races a timer, so the
 * user's client and its other commands keep their own settings; an answer that comes after the timer is dropped
 * (and a failure then is not reported as unhandled).
 */
export function withinTime<T>(answer: Promise<T>, timeoutMs: number, noAnswer: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new NoAnswerError(`${noAnswer} within ${Math.round(timeoutMs)} ms`)), timeoutMs);
  });
  answer.catch(() => undefined);
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}
