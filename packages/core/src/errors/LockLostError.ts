import { FlowcacheError } from './FlowcacheError';

/** A lease that no longer holds its lock (it expired and was taken over, or was released) was renewed or released. */
export class LockLostError extends FlowcacheError {
  constructor(
    readonly key: string,
    readonly holder: string,
  ) {
    super(
      `${holder} no longer holds the lock on ${JSON.stringify(key)}: ` +
        `its lease expired and was taken over, or was released`,
    );
  }
}
