// One build's use of the cache (pack build -cache): computes the keys once the builder can say
// what shapes its machine, resumes from the longest saved prefix, saves a point after connect
// and after each provisioner, and sums up what was reused. The provision loop and the build
// call it through the small ProvisionCache interface; nothing here prints but through ctx.ui.
import type { BuildContext, Builder, CacheableBuilder, StateBag, Step } from '../core/components.js';
import { STATE, isCacheable, setState } from '../core/components.js';
import type { ResolvedBuild, ResolvedProvisioner } from '../core/resolve.js';
import type { ProvisionCache } from '../core/common-steps.js';
import { componentTitle } from '../core/resolve.js';
import type { CacheSummary } from '../core/events.js';
import { formatDuration } from '../util/duration.js';
import { resolveLocalPath } from '../template/local-path.js';
import { hashPath, keyChain, rootKey, type ProvisionerKeyInput } from './keys.js';
import { CacheStore, type CacheEntry } from './store.js';
import { enforceSizeLimit } from './prune.js';

/**
 * The keys of a build's points: the builder's inputs, then each provisioner with its config and
 * local files, up to the first provisioner that acts on this machine (cacheInputs null).
 */
export async function buildKeys(build: ResolvedBuild, builderInputs: unknown, templateDir: string): Promise<string[]> {
  const inputs: ProvisionerKeyInput[] = [];
  for (const p of build.provisioners) {
    // The template module merged this build's override into the config already.
    const config = p.def.config;
    const paths = p.factory.cacheInputs ? p.factory.cacheInputs(config) : [];
    if (paths === null) break;
    const files: Record<string, string> = {};
    for (const f of paths) files[f] = await hashPath(resolveLocalPath(f, templateDir));
    inputs.push({ type: p.def.type, config, files });
  }
  return keyChain(rootKey(build.def.builderType, builderInputs), inputs);
}

export interface CacheSessionOptions {
  build: ResolvedBuild;
  builder: Builder & CacheableBuilder;
  store: CacheStore;
  templatePath: string;
  /** When the build started (performance.now()), for the time a point saves. */
  startedAt: number;
}

export class CacheSession implements ProvisionCache {
  /** keys[0]: the machine once connected; keys[i]: after the i-th cacheable provisioner. */
  private keys: string[] = [];
  private resumedAt = -1;
  private resumedEntry: CacheEntry | undefined;
  private savedPoints = 0;
  private broken = false;
  private lastPointAt = 0;
  private totalMsBefore = 0;
  /** Point => how long its step took when it ran (for the "cached, saved Ns" of each row). */
  private readonly stepMs = new Map<number, number>();

  constructor(private readonly o: CacheSessionOptions) {}

  /** The builder's steps with the lookup before its `cacheLookupBefore` step (else before connect). */
  withLookup(steps: Step[]): Step[] {
    let at = steps.findIndex((s) => s.id === this.o.builder.cacheLookupBefore);
    if (at < 0) at = steps.findIndex((s) => s.id === 'connect');
    if (at < 0) at = 0;
    return [...steps.slice(0, at), this.lookupStep(), ...steps.slice(at)];
  }

  private lookupStep(): Step {
    return {
      id: 'cache:lookup',
      title: 'Look for a cached machine',
      kind: 'prepare',
      run: async (state, ctx) => {
        await this.lookup(state, ctx);
        return 'continue';
      },
    };
  }

  private async lookup(state: StateBag, ctx: BuildContext): Promise<void> {
    this.keys = await buildKeys(this.o.build, await this.o.builder.cacheInputs(state, ctx), ctx.templateDir);
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const entry = await this.o.store.get(this.keys[i]);
      if (!entry) continue;
      const resumed = await this.o.builder.resumePoint(entry.ref, state, ctx);
      if (resumed === 'gone') {
        ctx.ui.message(`Cache point ${entry.key.slice(0, 12)} is gone (removed outside pack): forgetting it`);
        await this.o.store.take([entry.key]);
        continue;
      }
      if (resumed === 'busy') {
        ctx.ui.say(`Cache point ${entry.key.slice(0, 12)} is in use by another build: building from scratch`);
        return;
      }
      this.resumedAt = i;
      this.resumedEntry = entry;
      if (i === this.o.build.provisioners.length) setState(state, STATE.cacheComplete, true);
      this.totalMsBefore = entry.totalMs;
      await this.o.store.touch(this.keys.slice(0, i + 1));
      for (let j = 1; j <= i; j++) {
        const e = await this.o.store.get(this.keys[j]);
        if (e) this.stepMs.set(j, e.stepMs);
      }
      const what = i === 0 ? 'the machine as it was once connected' : `after provisioner ${i} of ${this.o.build.provisioners.length}`;
      ctx.ui.say(`Resuming from the build cache: ${what} (saves ${formatDuration(entry.totalMs)})`);
      return;
    }
    if (this.resumedAt < 0) ctx.ui.say('No cached machine for this build yet: building from scratch and caching each step');
  }

  cached(p: ResolvedProvisioner): { savedMs: number } | undefined {
    const i = this.o.build.provisioners.indexOf(p) + 1;
    if (i < 1 || i > this.resumedAt) return undefined;
    // The entry of a covered point may have been pruned: its share of the time is unknown then.
    return { savedMs: this.stepMs.get(i) ?? 0 };
  }

  async connected(state: StateBag, ctx: BuildContext): Promise<void> {
    if (this.resumedAt < 0) await this.save(0, 'machine connected', performance.now() - this.o.startedAt, state, ctx);
    this.lastPointAt = performance.now();
  }

  async provisioned(p: ResolvedProvisioner, state: StateBag, ctx: BuildContext): Promise<void> {
    const i = this.o.build.provisioners.indexOf(p) + 1;
    // The time of the step itself, not of saving the point before it.
    const took = performance.now() - this.lastPointAt;
    if (i >= 1 && i < this.keys.length && i > this.resumedAt) await this.save(i, componentTitle(p), took, state, ctx);
    this.lastPointAt = performance.now();
  }

  private async save(point: number, title: string, stepMs: number, state: StateBag, ctx: BuildContext): Promise<void> {
    if (this.broken || this.keys.length === 0 || ctx.signal.aborted) return;
    const key = this.keys[point];
    try {
      // Already saved (a step retried with -on-error=ask, or a parallel build with the same steps).
      if (await this.o.store.get(key)) return;
      const { ref, bytes } = await this.o.builder.savePoint(key, state, ctx);
      this.totalMsBefore += stepMs;
      const now = Date.now();
      await this.o.store.put({
        key,
        builderType: this.o.build.def.builderType,
        build: this.o.build.def.name,
        template: this.o.templatePath,
        point,
        title: ctx.redact ? ctx.redact(title) : title,
        ref,
        bytes: bytes ?? 0,
        createdAt: now,
        lastUsedAt: now,
        stepMs,
        totalMs: this.totalMsBefore,
      });
      this.savedPoints++;
    } catch (e) {
      // A cache that cannot save costs the cache, never the build.
      this.broken = true;
      ctx.ui.error(`Could not save a cache point (${(e as Error).message}); the build goes on without caching`);
    }
  }

  /** After the build: evicts least recently used points beyond the size limit. */
  async finish(ctx: BuildContext): Promise<void> {
    if (this.savedPoints === 0) return;
    try {
      await enforceSizeLimit(this.o.store, this.keys);
    } catch (e) {
      ctx.ui.error(`Could not trim the build cache: ${(e as Error).message}`);
    }
  }

  summary(): CacheSummary {
    let savedMs = 0;
    if (this.resumedEntry) savedMs = this.resumedEntry.totalMs;
    return {
      reusedSteps: Math.max(0, this.resumedAt),
      cacheableSteps: Math.max(0, this.keys.length - 1),
      savedMs,
      savedPoints: this.savedPoints,
    };
  }
}

/** A session when the build's builder can cache; otherwise says so and returns undefined. */
export function openCache(o: Omit<CacheSessionOptions, 'builder' | 'store'> & { builder: Builder; ctx: BuildContext }): CacheSession | undefined {
  if (!isCacheable(o.builder)) {
    o.ctx.ui.say(`The ${o.build.def.builderType} builder cannot save its machine: -cache has no effect on this build`);
    return undefined;
  }
  return new CacheSession({ ...o, builder: o.builder, store: new CacheStore() });
}
