import { ConfigurationError } from './ConfigurationError';

/**
 * A storage URL needs an adapter package that cannot be found (`s3://…` without `@flowcache/storage-s3`).
 * `packageName` is the package to install.
 */
export class StoragePackageMissingError extends ConfigurationError {
  constructor(
    readonly url: string,
    readonly packageName: string,
    where: string,
  ) {
    super(`${where} is "${url}", which needs ${packageName}: npm install ${packageName}`);
  }
}
