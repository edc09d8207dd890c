import { MemoryTier } from '../cache/MemoryTier';
import type { BoundDefaults } from './BoundDefaults';
import { checkLockManagers } from './checkLockManagers';
import { OnceWarnings } from './OnceWarnings';
import type { TaskInfo } from '../definitions/TaskInfo';
import { Listeners } from '../events/Listeners';
import type { KeyComponent } from '../keys/policyKey';
import type { FlowRunEvent, TaskRunEvent } from '../events/runEvents';
import { consoleLogger, type Logger } from '../settings/Logger';
import { resolveSettings, type FlowcacheSettings } from '../settings/settings';
import { jsonSerializer } from '../serializers/jsonSerializer';
import { resolveSerializer } from '../serializers/serializerRegistry';
import type { Serializer } from '../serializers/Serializer';
import type { LockManager } from '../locks/LockManager';
import type { ResultStorage } from '../storage/ResultStorage';
import { PendingWrites } from './PendingWrites';
import type { RunningCall } from './RunningCall';
import { createTelemetry } from '../telemetry/createTelemetry';
import type { Telemetry } from '../telemetry/Telemetry';
import { CommittedIds } from '../transactions/CommittedIds';
import { fallbackStorageUrl, storageFromUrl } from '../storage/storageFromUrl';
import { guardStorage } from '../storage/guardedStorage';
import { guardLockManager } from '../locks/guardedLockManager';
import {
  invalidateResults,
  type InvalidateOptions,
  type Invalidation,
  type InvalidationTarget,
} from './invalidateResults';

/** How to build an `Engine`. Everything is optional; settings not given come from the environment. */
export interface EngineOptions {
  settings?: Partial<FlowcacheSettings>;
  /** The in-memory tier; by default a new one sized by `settings.memoryCacheSize`. */
  results?: MemoryTier;
  /** Where recoverable problems are reported; by default `console.warn`. */
  logger?: Logger;
  /** The current time in epoch milliseconds, for expiry and `context.now`; by default `Date.now`. */
  clock?: () => number;
  /**
   * Where persisted results go unless a task or flow says otherwise (a storage, or a function that makes it when
   * first needed); by default the `defaultStorage` setting's URL, else `file://~/.flowcache/storage`.
   */
  storage?: ResultStorage | (() => ResultStorage);
  /** How results are turned into bytes unless a task or flow says otherwise; by default JSON (`json/v1`). */
  serializer?: Serializer;
  /** The lock manager of SERIALIZABLE tasks that have none of their own. */
  lockManager?: LockManager;
  /**
   * @internal A container's bindings of the default storage, serializer and lock manager, which win over the
   * three options above (see `BoundDefaults`).
   */
  bound?: BoundDefaults;
}

/**
 * Runs `@Task` and `@Flow` calls: keys, cache lookups, single-flight, retries and run events. One engine serves a
 * container (`installFlowcache` creates it); `attach` routes a hand-made instance through a given engine.
 */
export class Engine {
  readonly settings: FlowcacheSettings;
  readonly results: MemoryTier;
  readonly logger: Logger;
  readonly clock: () => number;
  /**
   * Calls running now, by cache key, so identical concurrent calls share one execution; an entry is removed when
   * its call ends.
   */
  private readonly running = new Map<string, RunningCall>();
  /** The key components of each task's latest stored result, to tell what changed on a miss. */
  private readonly latestComponents = new WeakMap<TaskInfo, readonly KeyComponent[]>();
  /** @internal */
  readonly taskRunListeners: Listeners<TaskRunEvent>;
  /** @internal */
  readonly flowRunListeners: Listeners<FlowRunEvent>;
  /**
   * @internal Where runs are reported to OpenTelemetry; `undefined` when `@opentelemetry/api` is not installed or
   * the `telemetry` setting is off.
   */
  readonly telemetry: Telemetry | undefined;
  /** @internal The multi-record commits whose marker this engine found, per storage (see `commitIsVisible`). */
  readonly committedIds = new CommittedIds();
  private readonly pendingWrites: PendingWrites;
  /**
   * The storages this engine has looked results up in or written them to, for `invalidate`. Bounded by the
   * storages named in task and flow options, plus the default one.
   */
  private readonly storagesUsed = new Set<ResultStorage>();
  private readonly warnings: OnceWarnings;
  private storageSource: ResultStorage | (() => ResultStorage) | undefined;
  private resolvedStorage: ResultStorage | undefined;
  private readonly ownSerializer: Serializer;
  private readonly ownLockManager: LockManager | undefined;
  private readonly bound: BoundDefaults | undefined;

  constructor(options: EngineOptions = {}) {
    this.settings = resolveSettings(options.settings);
    this.results = options.results ?? new MemoryTier(this.settings.memoryCacheSize, this.settings.memoryCacheMaxBytes);
    this.logger = options.logger ?? consoleLogger;
    this.clock = options.clock ?? Date.now;
    this.ownSerializer =
      options.serializer === undefined
        ? jsonSerializer
        : resolveSerializer(options.serializer, 'Engine option `serializer`');
    this.ownLockManager = options.lockManager;
    this.storageSource = options.storage;
    this.bound = options.bound;
    this.taskRunListeners = new Listeners('task run', this.logger);
    this.flowRunListeners = new Listeners('flow run', this.logger);
    this.warnings = new OnceWarnings(this.logger, this.clock);
    this.pendingWrites = new PendingWrites(this.logger);
    this.telemetry = createTelemetry(this.settings.telemetry, this.logger, this.taskRunListeners);
  }

  /**
   * The default result storage, made when first needed, so a process that persists nothing never loads a
   * storage adapter.
   */
  get storage(): ResultStorage {
    const bound = this.bound?.storage();
    if (bound !== undefined) return guardStorage(bound);
    if (this.resolvedStorage === undefined) {
      const source = this.storageSource;
      this.resolvedStorage = guardStorage(
        typeof source === 'function'
          ? source()
          : (source ??
              storageFromUrl(this.settings.defaultStorage ?? fallbackStorageUrl(), 'the default result storage')),
      );
    }
    return this.resolvedStorage;
  }

  /** How results are turned into bytes unless a task or flow says otherwise; JSON (`json/v1`) by default. */
  get serializer(): Serializer {
    return this.bound?.serializer() ?? this.ownSerializer;
  }

  /** The lock manager of SERIALIZABLE tasks and transactions that have none of their own, if any. */
  get lockManager(): LockManager | undefined {
    const locks = this.bound?.lockManager() ?? this.ownLockManager;
    return locks === undefined ? undefined : guardLockManager(locks);
  }

  /** Waits until every background write started so far has finished (or failed and been reported). */
  flush(): Promise<void> {
    return this.pendingWrites.flush();
  }

  /**
   * Makes the next call of the target recompute: drops the results kept in this engine's memory tier (one cache
   * key, every result of one task, or all), then deletes the matching stored records in every storage this engine
   * reads from: the storages it has used so far, its configured default storage (`storage` option,
   * `RESULT_STORAGE` binding or `defaultStorage` setting) and, for a task, the task's own `resultStorage`. Other
   * processes sharing those storages drop their memory copies within `memoryRevalidateMs` (default 5 s). With
   * `{ memoryOnly: true }`, stored records are left alone: the next call reads them again. Background writes
   * started before are awaited first, so none of them brings a record back; a call running meanwhile may still
   * store its result. `'all'` deletes every record in those storages, whoever wrote it (the run history is
   * kept). A task is named by method reference (`Reports.prototype.loadSales`, `reports.loadSales`) or by name
   * (`'Reports.loadSales'`, or its `name` option); anything else throws `TaskDefinitionError`.
   *
   * @example
   * ```ts
   * await engine.invalidate({ task: Reports.prototype.loadSales }); // every day's sales, in memory and stored
   * await engine.invalidate({ key: 'sales/2026-11-26' }, { memoryOnly: true });
   * ```
   */
  async invalidate(target: InvalidationTarget, options: InvalidateOptions = {}): Promise<Invalidation> {
    await this.flush();
    const storages = new Set(this.storagesUsed);
    const configured =
      this.resolvedStorage !== undefined ||
      this.storageSource !== undefined ||
      this.settings.defaultStorage !== undefined ||
      this.bound?.hasStorage() === true;
    if (configured && !options.memoryOnly) storages.add(this.storage);
    return invalidateResults(
      {
        results: this.results,
        storages: [...storages],
        clock: this.clock,
        maxRecordBytes: this.settings.maxRecordBytes,
      },
      target,
      options,
    );
  }

  /** Subscribes to every task run this engine finishes; returns the unsubscribe function. */
  onTaskRun(listener: (event: TaskRunEvent) => void): () => void {
    return this.taskRunListeners.add(listener);
  }

  /** Subscribes to every flow run this engine finishes; returns the unsubscribe function. */
  onFlowRun(listener: (event: FlowRunEvent) => void): () => void {
    return this.flowRunListeners.add(listener);
  }

  /**
   * Routes the decorated methods of an instance made by hand (`new Reports()`, as in a unit test) through this
   * engine. Instances resolved from a container with flowcache installed are attached automatically. Throws
   * `ConfigurationError` when the instance has SERIALIZABLE tasks and neither they nor this engine have a lock
   * manager.
   */
  attach<T extends object>(instance: T): T {
    checkLockManagers(instance, () => this.lockManager);
    attachedEngines.set(instance, this);
    return instance;
  }

  /** @internal The call running now under the key, which an identical call joins instead of running the body. */
  runningCall(key: string): RunningCall | undefined {
    return this.running.get(key);
  }

  /**
   * @internal Single-flight: `running` is the call running under the key until its resolution settles, unless
   * another replaced it meanwhile (a refresh starts its own).
   */
  singleFlight(key: string, running: RunningCall): void {
    this.running.set(key, running);
    const ended = () => {
      if (this.running.get(key) === running) this.running.delete(key);
    };
    void running.resolution.then(ended, ended);
  }

  /** @internal How many calls are running now (each under its own key). */
  get runningCallCount(): number {
    return this.running.size;
  }

  /** @internal A background write: `flush` and `invalidate` wait for it; a process exit before it ends is reported. */
  trackWrite(write: Promise<void>): void {
    this.pendingWrites.track(write);
  }

  /** @internal See `PendingWrites.room`: backpressure on background writes. */
  roomForWrite(): Promise<void> | undefined {
    return this.pendingWrites.room();
  }

  /** @internal How many background writes are pending now. */
  get pendingWriteCount(): number {
    return this.pendingWrites.size;
  }

  /** @internal The key components of the task's latest computed result, to tell what changed on its next miss. */
  latestKeyComponents(task: TaskInfo): readonly KeyComponent[] | undefined {
    return this.latestComponents.get(task);
  }

  /** @internal Remembers the key components of a result the task just computed (see `latestKeyComponents`). */
  rememberKeyComponents(task: TaskInfo, components: readonly KeyComponent[]): void {
    this.latestComponents.set(task, components);
  }

  /** @internal A storage calls read from or write to, so that `invalidate` deletes there too. */
  noteStorageUsed(storage: ResultStorage): void {
    this.storagesUsed.add(storage);
  }

  /**
   * @internal Reports a problem once per topic, so a hot task cannot flood the log; the topics remembered, and the
   * warnings of one kind shown per minute, are bounded (see `OnceWarnings`).
   */
  warnOnce(topic: string, message: string): void {
    this.warnings.warn(topic, message);
  }

  /** @internal The problem is over: the next `warnOnce` of the topic is reported again. */
  forgetWarning(topic: string): void {
    this.warnings.forget(topic);
  }

  /** @internal How many warning topics are remembered now (bounded: see `OnceWarnings`). */
  get rememberedWarnings(): number {
    return this.warnings.size;
  }
}

const attachedEngines = new WeakMap<object, Engine>();

/** The engine an instance was attached to (by a container or by `engine.attach`), if any. */
export function attachedEngine(instance: object): Engine | undefined {
  return attachedEngines.get(instance);
}
