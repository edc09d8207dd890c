import 'reflect-metadata';
import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Param,
  Scope,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type DynamicModule,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Engine, Flow, MemoryStorage, Task, taskInputHash, type TaskRunEvent } from '@flowcache/core';
import { FLOWCACHE_ENGINE, FlowcacheModule } from '@flowcache/nestjs';
import { startApp, type RunningApp } from './support/startApp';

const Roles = (...roles: string[]) => SetMetadata('roles', roles);

@Injectable()
class Reports {
  loads: string[] = [];

  @Task({ cacheKeyFn: taskInputHash })
  async load(day: string): Promise<number[]> {
    this.loads.push(day);
    return [day.length, 2, 3];
  }

  // Self-calls: `this.load` inside the flow goes through the engine too.
  @Flow()
  async nightly(day: string): Promise<number> {
    const first = await this.load(day);
    const again = await this.load(day);
    return first.length + again.length;
  }

  // Another library's metadata above @Task (applied after it, so on the wrapper) ...
  @Roles('admin')
  @Task({ cacheKeyFn: taskInputHash })
  async audit(day: string): Promise<string> {
    return `audited ${day}`;
  }

  // ... and below it (applied first, so on the original method, which @Task copies to its wrapper).
  @Task({ cacheKeyFn: taskInputHash })
  @Roles('auditor')
  async archive(day: string): Promise<string> {
    return `archived ${day}`;
  }
}

/** Made by a factory provider: attached like a class provider. */
class Geocoder {
  calls = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async locate(address: string): Promise<number> {
    this.calls++;
    return address.length;
  }
}

/** Given as a value (`useValue`): attached too. */
class Dictionary {
  lookups = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async define(word: string): Promise<string> {
    this.lookups++;
    return `${word}: a word`;
  }
}

/** Lets a request through when its x-role header is one of the handler's @Roles, read through Reflector. */
@Injectable()
class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.get<string[] | undefined>('roles', context.getHandler());
    return roles === undefined || roles.includes(String(context.switchToHttp().getRequest().headers['x-role']));
  }
}

/** Warms a cache in its own onModuleInit, which Nest runs after FlowcacheModule's: the call is attached already. */
@Injectable()
class Warmup {
  constructor(private readonly dictionary: Dictionary) {}

  async onModuleInit(): Promise<void> {
    await this.dictionary.define('warm');
  }
}

/** Transient: one instance per consumer, each attached. */
@Injectable({ scope: Scope.TRANSIENT })
class Counter {
  bodies = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async count(word: string): Promise<number> {
    this.bodies++;
    return word.length;
  }
}

@Controller('reports')
class ReportsController {
  rendered = 0;

  constructor(
    private readonly reports: Reports,
    @Inject('geocoder') private readonly geocoder: Geocoder,
    readonly counter: Counter,
  ) {}

  @Get('nightly/:day')
  @Roles('viewer')
  async nightly(@Param('day') day: string): Promise<{ total: number }> {
    return { total: await this.reports.nightly(day) };
  }

  // A guarded route handler that is itself a task: the guard reads its @Roles through the @Task wrapper.
  @Get('secret/:day')
  @UseGuards(RolesGuard)
  @Roles('admin')
  @Task({ cacheKeyFn: taskInputHash })
  async secret(@Param('day') day: string): Promise<string> {
    return `secret of ${day}`;
  }

  // A route handler that is itself a task: it stays mapped, with its parameter decorators.
  @Get('rendered/:day')
  @Task({ cacheKeyFn: taskInputHash })
  async render(@Param('day') day: string): Promise<string> {
    this.rendered++;
    return `report for ${day} (${await this.geocoder.locate(day)})`;
  }
}

@Module({
  controllers: [ReportsController],
  providers: [Reports, Counter, RolesGuard, Warmup, { provide: 'geocoder', useFactory: () => new Geocoder() }],
})
class ReportsModule {}

const application = (): DynamicModule => ({
  module: ReportsModule,
  imports: [FlowcacheModule.forRoot({ storage: new MemoryStorage() })],
  providers: [{ provide: Dictionary, useValue: new Dictionary() }], // a value of this application's own
});

describe('FlowcacheModule interception', () => {
  let running: RunningApp;
  let events: TaskRunEvent[];
  beforeEach(async () => {
    running = await startApp(application());
    events = [];
    running.app.get<Engine>(FLOWCACHE_ENGINE).onTaskRun((event) => events.push(event));
  });
  afterEach(async () => {
    await running.close();
  });

  it('routes self-calls inside a flow through the engine', async () => {
    const response = await running.get('/reports/nightly/2026-11-26');
    expect(response).toEqual({ status: 200, body: JSON.stringify({ total: 6 }) });
    expect(running.app.get(Reports).loads).toEqual(['2026-11-26']);
    expect(events.map((event) => `${event.taskName} ${event.state}`)).toEqual([
      'Reports.load Completed',
      'Reports.load Cached',
    ]);
    expect(events[0].flowRunName).toBe('Reports.nightly');
  });

  it('keeps Nest metadata on decorated methods: Reflector reads @SetMetadata, routes stay mapped', async () => {
    const reflector = running.app.get(Reflector);
    expect(reflector.get('roles', Reports.prototype.audit)).toEqual(['admin']);
    expect(reflector.get('roles', Reports.prototype.archive)).toEqual(['auditor']);
    expect(reflector.get('roles', ReportsController.prototype.nightly)).toEqual(['viewer']);
    const reports = running.app.get(Reports);
    expect(reflector.get('roles', reports.audit)).toEqual(['admin']); // as a guard sees it: context.getHandler()
    expect(await reports.audit('mon')).toBe('audited mon');
    expect(await reports.audit('mon')).toBe('audited mon');
    expect(events.map((event) => event.state)).toEqual(['Completed', 'Cached']);
  });

  it('caches a route handler that is itself a task, and stays a route with its @Param', async () => {
    const first = await running.get('/reports/rendered/tue');
    const second = await running.get('/reports/rendered/tue');
    expect(first).toEqual({ status: 200, body: 'report for tue (3)' });
    expect(second).toEqual(first);
    expect(running.app.get(ReportsController).rendered).toBe(1);
    expect(running.app.get<Geocoder>('geocoder').calls).toBe(1);
    expect(events.map((event) => `${event.taskName} ${event.state}`)).toEqual([
      'Geocoder.locate Completed',
      'ReportsController.render Completed',
      'ReportsController.render Cached',
    ]);
  });

  it('keeps a guard’s metadata on a route handler that is a task: 403 without the role, 200 with it', async () => {
    const url = `${running.baseUrl}/reports/secret/wed`;
    expect((await fetch(url, { headers: { 'x-role': 'viewer' } })).status).toBe(403);
    const allowed = await fetch(url, { headers: { 'x-role': 'admin' } });
    expect([allowed.status, await allowed.text()]).toEqual([200, 'secret of wed']);
    expect(events.map((event) => `${event.taskName} ${event.state}`)).toEqual(['ReportsController.secret Completed']);
  });

  it('attaches instances of factory providers, given as values, and all instances of transient providers', async () => {
    const dictionary = running.app.get(Dictionary);
    await dictionary.define('cache');
    await dictionary.define('cache');
    expect(dictionary.lookups).toBe(2); // 'warm', by Warmup at startup, and 'cache' once
    const geocoder = running.app.get<Geocoder>('geocoder');
    await geocoder.locate('1 Main St');
    const counter = running.app.get(ReportsController).counter;
    await counter.count('abc');
    await counter.count('abc');
    expect(counter.bodies).toBe(1);
    expect(events.map((event) => `${event.taskName} ${event.state}`)).toEqual([
      'Dictionary.define Completed',
      'Dictionary.define Cached',
      'Geocoder.locate Completed',
      'Counter.count Completed',
      'Counter.count Cached',
    ]);
  });

  it('is attached before the onModuleInit hooks of the application’s modules run', async () => {
    await running.app.get(Dictionary).define('warm');
    expect(running.app.get(Dictionary).lookups).toBe(1);
    expect(events.map((event) => `${event.taskName} ${event.state}`)).toEqual(['Dictionary.define Cached']);
  });

  it('injects the one engine as Engine and as FLOWCACHE_ENGINE', () => {
    expect(running.app.get(Engine)).toBe(running.app.get(FLOWCACHE_ENGINE));
    expect(running.app.get(Engine)).toBeInstanceOf(Engine);
  });
});
