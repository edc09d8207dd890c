import { Injectable } from '@nestjs/common';
import { Task, taskInputHash } from '@flowcache/nestjs';

/** Three hours of temperatures for a city. */
export interface Forecast {
  city: string;
  celsius: number[];
}

@Injectable()
export class AppService {
  /** How many times the (slow) model ran: the cache keeps it at one per city. */
  modelRuns = 0;

  // taskInputHash: the same city gives the same key in every request, so the model runs once per city every hour.
  @Task({ cacheKeyFn: taskInputHash, cacheExpiration: { hours: 1 } })
  async forecast(city: string): Promise<Forecast> {
    this.modelRuns++;
    return { city, celsius: [0, 1, 2].map((hour) => city.length + hour) };
  }
}
