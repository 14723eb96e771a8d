import { AbstractStartedContainer, type StartedTestContainer } from 'testcontainers';
import { scramVerifier } from '../scram-verifier.js';
import type { ContainerRun } from './container-run.js';
import { postgresSpec } from './definitions.js';
import { loopbackHost } from './loopback-container.js';
import { SpecContainer } from './spec-container.js';

/**
 * Logto's Postgres: fresh from `image`, or from a seed image (Logto's database already in it)
 * given this run's password before it listens.
 */
export class PostgresContainer extends SpecContainer {
  constructor(
    image: string,
    private readonly password: string,
    run: ContainerRun,
    o: { fromSeedImage?: boolean } = {},
  ) {
    super(
      postgresSpec(
        image,
        password,
        o.fromSeedImage ? { seedImage: { passwordVerifier: scramVerifier(password) } } : {},
      ),
      run,
    );
  }

  override async start(): Promise<StartedPostgresContainer> {
    return new StartedPostgresContainer(await this.startInRun(), this.password);
  }
}

export class StartedPostgresContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly password: string,
  ) {
    super(started);
  }

  /** Logto's database as the host reaches it (published on 127.0.0.1). */
  getHostDatabaseUrl(database = 'logto'): string {
    return `postgres://postgres:${encodeURIComponent(this.password)}@${loopbackHost}:${this.getMappedPort(5432)}/${database}`;
  }
}
