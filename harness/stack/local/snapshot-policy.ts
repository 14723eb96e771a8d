import { postgresBuild } from './postgres-cluster.js';
import { SeedSnapshotStore, seedSnapshotKey, type SeedSnapshot } from './seed-snapshot.js';
import type { LocalRun } from './local-run.js';

/** The seed snapshots of this Logto version and Postgres build (LOGTO_SEED_CACHE), when usable. */
export interface SnapshotStore {
  snapshots: SeedSnapshotStore;
  key: string;
}

/**
 * Whether this start uses seed snapshots: not with LOGTO_SEED_CACHE=off, nor where the cache
 * cannot be used (said so); keyed by Logto's version and seed files and the Postgres build.
 */
export async function snapshotStoreFor(run: LocalRun): Promise<SnapshotStore | undefined> {
  const { options } = run;
  const snapshots = options.seedCacheDir ? new SeedSnapshotStore(options.seedCacheDir) : undefined;
  const unusable = snapshots?.unusable();
  if (unusable) {
    options.progress?.(`  no seed snapshot: ${unusable}`);
    return undefined;
  }
  const key = snapshots ? seedSnapshotKey(options.logtoHome, await postgresBuild()) : undefined;
  return snapshots && key ? { snapshots, key } : undefined;
}

/** The snapshot to start from, if one was kept for this key. */
export function findSnapshot(store: SnapshotStore | undefined): SeedSnapshot | undefined {
  return store?.snapshots.find(store.key);
}

/** A snapshot that does not start is dropped, to be made again; the run goes on seeding. */
export function dropSnapshot(run: LocalRun, store: SnapshotStore, error: unknown): void {
  store.snapshots.remove(store.key);
  run.options.progress?.(
    `  the seed snapshot ${store.key} did not start (${(error as Error).message.split('\n')[0]}); removed, seeding instead`,
  );
}
