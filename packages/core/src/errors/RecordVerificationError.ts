import { CorruptRecordError } from './CorruptRecordError';

/**
 * A stored record refused because signing keys are configured and it has no signature, or its signature matches
 * none of them (altered, or signed with a key no longer accepted). Read as a miss, like any corrupt record.
 */
export class RecordVerificationError extends CorruptRecordError {}
