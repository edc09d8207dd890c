export { describeStorageCompliance, type StorageFixture } from './describeStorageCompliance';
export { describeLockCompliance, type LockFixture } from './describeLockCompliance';
