import { Module } from '@nestjs/common';
import { FlowcacheModule } from '@flowcache/nestjs';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { AppController } from './app.controller.js';
import { AppService } from './app.service.js';

@Module({
  imports: [
    // useFactory runs when the application starts, so FLOWCACHE_DIR may be set after this file is imported.
    FlowcacheModule.forRootAsync({
      useFactory: () => ({ storage: new FileSystemStorage({ basePath: process.env.FLOWCACHE_DIR ?? '.flowcache' }) }),
    }),
  ],
  controllers: [AppController],
  providers: [AppService],
})
export class AppModule {}
