/**
 * Which resources are bound live, for the exchange's locator, which asks on every data call. One
 * query reads every live binding and the answer is reused for `ttlMs`, so a stored resource costs
 * no query at all; a change of binding reaches every gateway process within that time.
 */
import type { SourceBindings, StoredBinding } from './bindings.js';

export function cachedLiveBindings(bindings: Pick<SourceBindings, 'list'>, ttlMs = 2_000, now: () => number = Date.now): (resourceCode: string) => Promise<StoredBinding | undefined> {
  let cached: { at: number; live: Promise<Map<string, StoredBinding>> } | undefined;
  const load = async () => new Map((await bindings.list()).filter((b) => b.live).map((b) => [b.resource, b]));
  return async (resourceCode) => {
    if (!cached || now() - cached.at > ttlMs) {
      const live = load();
      cached = { at: now(), live };
      // A failed read is not remembered: the next call reads again.
      live.catch(() => cached?.live === live && (cached = undefined));
    }
    return (await cached.live).get(resourceCode);
  };
}
