// Holds reads back until several have arrived, so tests can make turns race on purpose.

/** Lets the next `count` gated reads through only once they have all arrived. */
export class Gate {
  private waiting: (() => void)[] = [];
  private count = 0;

  arm(count: number): void {
    this.count = count;
  }

  async pass(): Promise<void> {
    if (this.count === 0) return;
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length === this.count) {
        this.count = 0;
        this.waiting.splice(0).forEach((go) => go());
      }
    });
  }
}
