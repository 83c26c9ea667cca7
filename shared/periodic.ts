/**
 * A task that runs every `intervalMs` once started. A tick still running when the next is due is
 * not stacked on; `stop()` clears the timer, aborts the running tick's signal and waits for it, so
 * nothing the task started outlives its owner. The composition root owns every such timer.
 */
export interface Periodic {
  readonly name: string;
  /** Whether its timer is set (started and not stopped). */
  readonly active: boolean;
  start(): void;
  stop(): Promise<void>;
}

export interface PeriodicOptions {
  /** Milliseconds between ticks; 0 (or less) never starts the timer. */
  intervalMs: number;
  /** Told of a tick that failed; the next tick runs as usual. */
  onError(err: unknown): void;
}

export function periodic(name: string, task: (signal: AbortSignal) => Promise<void>, options: PeriodicOptions): Periodic {
  let timer: NodeJS.Timeout | undefined;
  let controller = new AbortController();
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = task(controller.signal)
      .catch((err: unknown) => options.onError(err))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    name,
    get active() {
      return timer !== undefined;
    },
    start() {
      if (timer || options.intervalMs <= 0) return;
      controller = new AbortController();
      timer = setInterval(tick, options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      controller.abort();
      await running;
    },
  };
}
