/**
 * The forecast application on S3 (AWS, MinIO, R2): FlowcacheModule.forRootAsync builds the result storage and the
 * lock manager from an S3Client that a Nest provider makes from the configuration, so every instance of the
 * application shares one cache, and SERIALIZABLE tasks run once across all of them.
 */
import 'reflect-metadata';
import { S3Client } from '@aws-sdk/client-s3';
import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { FlowcacheModule } from '@flowcache/nestjs';
import { S3LockManager, S3Storage } from '@flowcache/storage-s3';
import { ForecastController, ForecastService } from './appModule';

/** Stands in for @nestjs/config's ConfigService; the SDK reads credentials from the standard AWS environment. */
@Injectable()
export class S3Config {
  readonly bucket = process.env.FORECAST_BUCKET ?? 'forecasts';
  readonly prefix = 'flowcache';
  readonly region = process.env.AWS_REGION ?? 'us-east-1';
  readonly endpoint = process.env.AWS_ENDPOINT_URL_S3; // unset for AWS itself
  readonly forcePathStyle = process.env.S3_FORCE_PATH_STYLE === 'true'; // MinIO
}

/** Owns the application's S3Client, made from S3Config, and destroys it at shutdown. */
@Module({
  providers: [
    S3Config,
    {
      provide: S3Client,
      inject: [S3Config],
      useFactory: (config: S3Config) =>
        new S3Client({ region: config.region, endpoint: config.endpoint, forcePathStyle: config.forcePathStyle }),
    },
  ],
  exports: [S3Config, S3Client],
})
export class S3Module implements OnApplicationShutdown {
  constructor(private readonly client: S3Client) {}

  // FlowcacheModule has finished its pending writes by now (it waits for them before shutdown).
  onApplicationShutdown(): void {
    this.client.destroy();
  }
}

/** The forecast application with results and locks in S3. */
@Module({
  imports: [
    FlowcacheModule.forRootAsync({
      imports: [S3Module],
      inject: [S3Client, S3Config],
      useFactory: (client: S3Client, config: S3Config) => ({
        storage: new S3Storage({ client, bucket: config.bucket, prefix: config.prefix }),
        lockManager: new S3LockManager({ client, bucket: config.bucket }),
      }),
    }),
  ],
  controllers: [ForecastController],
  providers: [ForecastService],
})
export class S3AppModule {}
