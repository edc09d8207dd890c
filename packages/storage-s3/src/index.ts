export { S3Storage, type S3StorageOptions } from './S3Storage';
export { S3LockManager, type S3LockManagerOptions } from './locks/S3LockManager';
export { S3RequestError, type S3RequestFailure } from './S3RequestError';
export { storageFromUrl } from './storageFromUrl';
