// Change over time without an object per person: each person (subject) of a script gets a slot in
// flat typed arrays holding, per outcome, their earliest and latest rating and when it was given.
// Kept small on purpose (times in whole seconds, ratings in a byte): growing big buffers makes V8
// run full garbage collections, which cost more than the counting itself.

export type Change = 'better' | 'same' | 'worse';

const EPOCH = Date.UTC(2000, 0, 1);

export class SubjectPool {
  readonly #slots = new Map<string, number>();
  #capacity = 0;
  #records = new Uint32Array(0);
  #inPeriod = new Uint8Array(0);
  /** Seconds since 2000-01-01 (fits in 32 bits until 2136); 0 means no rating yet. */
  #firstAt = new Uint32Array(0);
  #lastAt = new Uint32Array(0);
  #firstValue = new Int8Array(0);
  #lastValue = new Int8Array(0);
  #firstMax = new Int8Array(0);
  #lastMax = new Int8Array(0);

  /** stride: how many outcomes are tracked per person; outcomes past it are left out of change. */
  constructor(readonly stride: number) {}

  /** The person's slot, counting this record as one of theirs. */
  slotFor(subjectRef: string, inPeriod: boolean): number {
    let slot = this.#slots.get(subjectRef);
    if (slot === undefined) {
      slot = this.#slots.size;
      if (slot >= this.#capacity) this.#grow();
      this.#slots.set(subjectRef, slot);
    }
    this.#records[slot] += 1;
    if (inPeriod) this.#inPeriod[slot] = 1;
    return slot;
  }

  /** Notes a rating; keeps the earliest and the latest by time (the first seen wins a tie). */
  rate(slot: number, outcome: number, at: number, value: number, max: number): void {
    // Ratings outside a byte, or times before 2000, cannot be compared here: left out of change.
    if (outcome >= this.stride || value < -128 || value > 127 || max < 1 || max > 127) return;
    const seconds = Math.floor((at - EPOCH) / 1000);
    if (seconds < 1 || seconds > 0xffffffff) return;
    const i = slot * this.stride + outcome;
    if (this.#firstMax[i] === 0) {
      this.#firstAt[i] = seconds;
      this.#lastAt[i] = seconds;
      this.#firstValue[i] = value;
      this.#lastValue[i] = value;
      this.#firstMax[i] = max;
      this.#lastMax[i] = max;
      return;
    }
    if (seconds < this.#firstAt[i]) {
      this.#firstAt[i] = seconds;
      this.#firstValue[i] = value;
      this.#firstMax[i] = max;
    }
    if (seconds > this.#lastAt[i]) {
      this.#lastAt[i] = seconds;
      this.#lastValue[i] = value;
      this.#lastMax[i] = max;
    }
  }

  /**
   * For each person with two or more conversations, one of them in the period: per outcome, the
   * latest rating against the earliest, when both were given at different times on the same scale.
   * Returns how many people that is.
   */
  compare(each: (outcome: number, change: Change) => void): number {
    let people = 0;
    const n = this.#slots.size;
    for (let slot = 0; slot < n; slot++) {
      if (this.#records[slot] < 2 || this.#inPeriod[slot] === 0) continue;
      people += 1;
      for (let outcome = 0; outcome < this.stride; outcome++) {
        const i = slot * this.stride + outcome;
        if (this.#firstMax[i] === 0 || this.#lastAt[i] === this.#firstAt[i] || this.#firstMax[i] !== this.#lastMax[i]) continue;
        const d = this.#lastValue[i] - this.#firstValue[i];
        each(outcome, d > 0 ? 'better' : d < 0 ? 'worse' : 'same');
      }
    }
    return people;
  }

  #grow(): void {
    const capacity = Math.max(1024, this.#capacity * 2);
    const cells = capacity * this.stride;
    const grow = <A extends Uint32Array | Uint8Array | Int8Array>(old: A, next: A): A => {
      next.set(old);
      return next;
    };
    this.#records = grow(this.#records, new Uint32Array(capacity));
    this.#inPeriod = grow(this.#inPeriod, new Uint8Array(capacity));
    this.#firstAt = grow(this.#firstAt, new Uint32Array(cells));
    this.#lastAt = grow(this.#lastAt, new Uint32Array(cells));
    this.#firstValue = grow(this.#firstValue, new Int8Array(cells));
    this.#lastValue = grow(this.#lastValue, new Int8Array(cells));
    this.#firstMax = grow(this.#firstMax, new Int8Array(cells));
    this.#lastMax = grow(this.#lastMax, new Int8Array(cells));
    this.#capacity = capacity;
  }
}
