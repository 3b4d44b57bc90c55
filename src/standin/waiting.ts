import { EventEmitter } from "node:events";

/** Lets callers wait for a condition over the stand-in's state, re-checked whenever that state changes. */
export class Changes {
  private readonly events = new EventEmitter();
  closed = false;

  constructor(private readonly defaultMs: number) {
    this.events.setMaxListeners(0);
  }

  changed(): void {
    this.events.emit("change");
  }

  close(): void {
    this.closed = true;
    this.events.emit("closed");
  }

  /** resolves with the first truthy value of `check`; rejects after `ms` describing what it waited for */
  until<T>(
    check: () => T | undefined | null | false,
    ms = this.defaultMs,
    describe = () => "a condition",
  ): Promise<T> {
    const first = check();
    if (first !== undefined && first !== null && first !== false) return Promise.resolve(first);
    if (this.closed) return Promise.reject(new Error(`stand-in is closed; was waiting for ${describe()}`));
    return new Promise<T>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off("change", onChange);
        this.events.off("closed", onClosed);
      };
      const onChange = () => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          cleanup();
          reject(error);
          return;
        }
        if (value !== undefined && value !== null && value !== false) {
          cleanup();
          resolve(value);
        }
      };
      const onClosed = () => {
        cleanup();
        reject(new Error(`stand-in was closed while waiting for ${describe()}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`stand-in: timed out after ${ms} ms waiting for ${describe()}`));
      }, ms);
      this.events.on("change", onChange);
      this.events.on("closed", onClosed);
    });
  }
}
