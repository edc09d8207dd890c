/**
 * The forecast application configured by an options factory class: FlowcacheModule.forRootAsync({ useClass })
 * instantiates FlowcacheConfig with its dependencies (here AppConfig, from the imported ConfigModule) and builds
 * the engine from what its createFlowcacheOptions() returns.
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { FlowcacheModule, type FlowcacheModuleOptions, type FlowcacheOptionsFactory } from '@flowcache/nestjs';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { AppConfig, ConfigModule, ForecastController, ForecastService } from './appModule';

/** Makes flowcache's options from the application's configuration. */
@Injectable()
export class FlowcacheConfig implements FlowcacheOptionsFactory {
  constructor(private readonly config: AppConfig) {}

  createFlowcacheOptions(): FlowcacheModuleOptions {
    return {
      storage: new FileSystemStorage({ basePath: this.config.cacheDir }),
      settings: { memoryCacheSize: 500 },
    };
  }
}

/** The forecast application, its engine configured by FlowcacheConfig. */
@Module({
  imports: [
    // useExisting: FlowcacheConfig instead would take the instance a module of `imports` exports.
    FlowcacheModule.forRootAsync({ imports: [ConfigModule], useClass: FlowcacheConfig }),
  ],
  controllers: [ForecastController],
  providers: [ForecastService],
})
export class OptionsFactoryAppModule {}
