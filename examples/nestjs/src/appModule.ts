/**
 * A NestJS application whose forecast endpoint is backed by a cached service. FlowcacheModule builds one engine
 * from the application's configuration and routes ForecastService's @Task through it; the controller is plain Nest.
 */
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import { FlowcacheModule, Task, taskInputHash } from '@flowcache/nestjs';
import { FileSystemStorage } from '@flowcache/storage-fs';

/** Stands in for @nestjs/config's ConfigService. */
@Injectable()
export class AppConfig {
  readonly cacheDir = process.env.FORECAST_CACHE_DIR ?? '.flowcache';
}

/** Stands in for @nestjs/config's ConfigModule. */
@Module({ providers: [AppConfig], exports: [AppConfig] })
export class ConfigModule {}

/** Three hours of temperatures for a city. */
export interface Forecast {
  city: string;
  celsius: number[];
}

/** Runs the (slow) forecast model; its @Task caches the result per city. */
@Injectable()
export class ForecastService {
  // taskInputHash: the same city gives the same key in every request and process, so the model runs once per
  // city every 6 hours; the result is persisted to the configured storage.
  @Task({ cacheKeyFn: taskInputHash, cacheExpiration: { hours: 6 } })
  async forecast(city: string): Promise<Forecast> {
    await sleep(300); // stands in for a slow model
    return { city, celsius: [0, 1, 2].map((hour) => city.length + hour) };
  }
}

/** `GET /forecasts/:city`: a plain Nest controller calling the cached service. */
@Controller('forecasts')
export class ForecastController {
  constructor(private readonly forecasts: ForecastService) {}

  @Get(':city')
  forecast(@Param('city') city: string): Promise<Forecast> {
    return this.forecasts.forecast(city);
  }
}

/** The application's root module. */
@Module({
  imports: [
    ConfigModule,
    // One engine for the application, its options made from other providers (here the storage directory).
    FlowcacheModule.forRootAsync({
      imports: [ConfigModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ storage: new FileSystemStorage({ basePath: config.cacheDir }) }),
    }),
  ],
  controllers: [ForecastController],
  providers: [ForecastService],
})
export class AppModule {}
