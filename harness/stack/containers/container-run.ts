import { join } from 'node:path';
import { Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import type { LogFile } from '../../process/log-file.js';
import { harnessLabels, removeContainersOfRun } from './stale-containers.js';

/**
 * What one stack's containers share: their network, the harness's labels (a killed run's
 * containers are found by them), a log file each, and one stop for all of them.
 */
export class ContainerRun {
  readonly labels = harnessLabels();
  readonly logs: LogFile[] = [];
  private readonly started: StartedTestContainer[] = [];

  private constructor(
    readonly network: StartedNetwork,
    readonly logDir: string,
    readonly timeoutScale: number,
    readonly progress: (line: string) => void,
  ) {}

  static async open(o: { logDir: string; timeoutScale: number; progress: (line: string) => void }) {
    return new ContainerRun(await new Network().start(), o.logDir, o.timeoutScale, o.progress);
  }

  logFileOf(name: string): string {
    const path = join(this.logDir, `${name}.log`);
    if (!this.logs.some((l) => l.path === path)) this.logs.push({ name: `${name}.log`, path });
    return path;
  }

  /** Keeps a started container, to be stopped with the run. */
  adopt<C extends StartedTestContainer>(container: C): C {
    this.started.push(container);
    return container;
  }

  /** Stops and removes one container before the others (a seed image that failed). */
  async drop(container: StartedTestContainer | undefined): Promise<void> {
    if (!container) return;
    const i = this.started.indexOf(container);
    if (i >= 0) this.started.splice(i, 1);
    await container.stop({ remove: true, removeVolumes: true }).catch(() => undefined);
  }

  async stop(): Promise<void> {
    await Promise.all(this.started.map((c) => c.stop({ remove: true, removeVolumes: true }).catch(() => undefined)));
    this.started.length = 0;
    // Anything else of this run's (a container whose start failed, left exited): by its labels,
    // before the network it is attached to.
    await removeContainersOfRun(this.labels).catch(() => undefined);
    await this.network.stop().catch(() => undefined);
  }
}
