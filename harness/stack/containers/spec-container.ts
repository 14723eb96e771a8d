import { createWriteStream } from 'node:fs';
import type { StartedTestContainer } from 'testcontainers';
import type { ContainerRun } from './container-run.js';
import type { ContainerSpec } from './definitions.js';
import { LoopbackContainer } from './loopback-container.js';
import { ReadyOrExited } from './ready-or-exited.js';

/**
 * A container exactly as its spec says (image, env, ports on 127.0.0.1, alias, command, files,
 * wait), on the run's network, labelled, logging to its file. The services extend it.
 */
export class SpecContainer extends LoopbackContainer {
  constructor(
    protected readonly spec: ContainerSpec,
    protected readonly run: ContainerRun,
    abort?: AbortSignal,
  ) {
    super(spec.image);
    const logFile = run.logFileOf(spec.name);
    this.withEnvironment(spec.env)
      .withLabels(run.labels)
      .withNetwork(run.network)
      .withNetworkAliases(...spec.aliases)
      .withExposedPorts(...spec.ports.map((p) => (p.host ? { container: p.container, host: p.host } : p.container)))
      .withWaitStrategy(new ReadyOrExited(spec, logFile, abort))
      .withStartupTimeout(Math.round(spec.startupTimeoutMs * run.timeoutScale))
      .withLogConsumer((stream) => stream.pipe(createWriteStream(logFile, { flags: 'a' })));
    if (spec.entrypoint) this.withEntrypoint(spec.entrypoint);
    if (spec.command) this.withCommand(spec.command);
    if (spec.user) this.withUser(spec.user);
    if (spec.files) this.withCopyFilesToContainer(spec.files);
    if (spec.contents) this.withCopyContentToContainer(spec.contents);
  }

  /** Started, kept by the run (stopped with it), its start time said. */
  protected async startInRun(): Promise<StartedTestContainer> {
    this.run.progress(`  starting ${this.spec.name} (${this.spec.image}; pulled first if absent)…`);
    const t = performance.now();
    const started = this.run.adopt(await super.start());
    this.run.progress(`  ${this.spec.name}: ${Math.round(performance.now() - t)} ms`);
    return started;
  }
}
