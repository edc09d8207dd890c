export { describeStorageCompliance, type StorageFixture } from './describeStorageCompliance';
