import { FlowcacheError } from './FlowcacheError';

/** A transaction was used in a way its state does not allow, such as committing one that was rolled back. */
export class TransactionError extends FlowcacheError {}
