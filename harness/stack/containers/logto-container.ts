import { AbstractStartedContainer, type StartedTestContainer } from 'testcontainers';
import type { ContainerRun } from './container-run.js';
import { logtoSpec, type LogtoSpecOptions } from './definitions.js';
import { SpecContainer } from './spec-container.js';

/**
 * Logto on the run's network, its core and admin ports published on the host ports it is told
 * (its ENDPOINT must be the URL the browser uses). It waits inside its container for Postgres:
 * `abort` gives its start up at once when Postgres fails.
 */
export class LogtoContainer extends SpecContainer {
  constructor(
    private readonly options: LogtoSpecOptions,
    run: ContainerRun,
    abort?: AbortSignal,
  ) {
    super(logtoSpec(options), run, abort);
  }

  override async start(): Promise<StartedLogtoContainer> {
    return new StartedLogtoContainer(await this.startInRun(), this.options);
  }
}

export class StartedLogtoContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    private readonly options: LogtoSpecOptions,
  ) {
    super(started);
  }

  getEndpoint(): string {
    return `http://127.0.0.1:${this.options.hostPort}`;
  }

  getAdminEndpoint(): string {
    return `http://127.0.0.1:${this.options.adminHostPort}`;
  }

  /** A container's own Logto has the OSS single tenant. */
  getTenantId(): string {
    return 'default';
  }

  getManagementApiResource(): string {
    return 'https://default.logto.app/api';
  }
}
