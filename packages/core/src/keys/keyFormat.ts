/**
 * The version of the bytes keys are hashed from. It goes up whenever some value would feed other bytes than
 * before (then every key changes once, so no key of one format can match a key of another): results stored under
 * an earlier format are misses once and are computed again.
 *
 * - 2: a Map or Set is its entries' encodings in byte order instead of their sorted digests; `stableHash`,
 *   policy keys and `taskInputHash` each start with their own name and this version; TASK_SOURCE's part is the
 *   task's identity digest as hex text instead of its 32 bytes.
 */
export const KEY_FORMAT_VERSION = 2;

/** What a policy key starts with. */
export const POLICY_KEY_FORMAT = `flowcache/policy/v${KEY_FORMAT_VERSION}`;
/** What `taskInputHash` starts with. */
export const TASK_INPUT_HASH_FORMAT = `flowcache/task-input-hash/v${KEY_FORMAT_VERSION}`;
/** What `stableHash` starts with. */
export const STABLE_HASH_FORMAT = `flowcache/stable-hash/v${KEY_FORMAT_VERSION}`;
