import type { StartedTestContainer } from 'testcontainers';
import { currentSeedImageTag, removeSeedImage, saveSeedImage, seedImageExists } from './seed-image.js';

/**
 * When Postgres starts from a seed image (LOGTO_SEED_CACHE not off): when one is there for
 * these Logto and Postgres images. One that does not start is removed, said so, and made again;
 * a stack that seeded keeps its database as one, before anything of the run is in it.
 */
export class SeedImagePolicy {
  private constructor(
    private readonly enabled: boolean,
    private tag: string | undefined,
    private available: boolean,
    private readonly images: { logto: string; postgres: string },
  ) {}

  static async of(o: { enabled: boolean; logtoImage: string; postgresImage: string }): Promise<SeedImagePolicy> {
    const images = { logto: o.logtoImage, postgres: o.postgresImage };
    const tag = o.enabled ? await currentSeedImageTag(images.logto, images.postgres) : undefined;
    const available = tag !== undefined && (await seedImageExists(tag));
    return new SeedImagePolicy(o.enabled, tag, available, images);
  }

  /** The seed image to start Postgres from, or undefined: a fresh Postgres and Logto's seed. */
  get image(): string | undefined {
    return this.available ? this.tag : undefined;
  }

  /** The seed image failed to start: removed, so the stack seeds (and saves a new one). */
  async discard(): Promise<string | undefined> {
    const tag = this.image;
    if (tag) await removeSeedImage(tag);
    this.available = false;
    return tag;
  }

  /** After a seed: the seeded Postgres saved as the seed image; its tag, or undefined when off. */
  async keep(postgres: StartedTestContainer, labels: Record<string, string>): Promise<string | undefined> {
    if (!this.enabled || this.available) return undefined;
    this.tag ??= await currentSeedImageTag(this.images.logto, this.images.postgres);
    if (!this.tag) return undefined;
    await saveSeedImage(postgres, this.tag, labels);
    return this.tag;
  }
}
