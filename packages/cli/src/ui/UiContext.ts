import type { CacheInspector } from '@flowcache/core/records';
import type { HostCheck } from './HostCheck';

/** What every page and action of one UI server shares. */
export interface UiContext {
  readonly inspector: CacheInspector;
  /** Whether records may be invalidated from the UI (`flowcache ui --allow-delete`). */
  readonly allowDelete: boolean;
  /** Random per server; invalidate forms carry it, so another site cannot post one. */
  readonly formToken: string;
  /**
   * Random per server, and never sent: it signs the notice shown after an invalidate post (see
   * `invalidationNotice`). Not the form token, which every page with a form shows.
   */
  readonly noticeSecret: string;
  /** Which `Host` headers the server answers (every request is checked, whatever the address listened on). */
  readonly hostCheck: HostCheck;
  readonly now: () => number;
}
