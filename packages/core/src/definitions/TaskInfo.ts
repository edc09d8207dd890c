/** What flowcache knows about a decorated method; `cacheKeyFn` receives it as `context.task`. */
export interface TaskInfo {
  /** `options.name`, or `Class.method`. Shown in events and warnings. */
  readonly name: string;
  readonly className: string;
  readonly methodName: string;
  /** The method's source text as the runtime sees it (after compilation). */
  readonly source: string;
  /** The `version` option: when set, it stands for the source in keys. */
  readonly version: string | undefined;
  /** Parameter names read from the method's signature; destructured parameters are named `arg<index>`. */
  readonly parameterNames: readonly string[];
}
