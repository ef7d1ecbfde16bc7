// Change over time without an object per person: each person (subject) of a script gets a slot in
// flat typed arrays holding, per outcome, their earliest and latest rating and when it was given.

export type Change = 'better' | 'same' | 'worse';

export class SubjectPool {
  readonly #slots = new Map<string, number>();
  #capacity = 0;
  #records = new Uint32Array(0);
  #inPeriod = new Uint8Array(0);
  #firstAt = new Float64Array(0);
  #lastAt = new Float64Array(0);
  #firstValue = new Int16Array(0);
  #lastValue = new Int16Array(0);
  #firstMax = new Int16Array(0);
  #lastMax = new Int16Array(0);

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
    if (outcome >= this.stride) return;
    const i = slot * this.stride + outcome;
    if (this.#firstMax[i] === 0) {
      this.#firstAt[i] = at;
      this.#lastAt[i] = at;
      this.#firstValue[i] = value;
      this.#lastValue[i] = value;
      this.#firstMax[i] = max;
      this.#lastMax[i] = max;
      return;
    }
    if (at < this.#firstAt[i]) {
      this.#firstAt[i] = at;
      this.#firstValue[i] = value;
      this.#firstMax[i] = max;
    }
    if (at > this.#lastAt[i]) {
      this.#lastAt[i] = at;
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
    const s = this.stride;
    const grow = <A extends Uint32Array | Uint8Array | Float64Array | Int16Array>(old: A, size: number, make: (n: number) => A): A => {
      const next = make(size);
      next.set(old as never);
      return next;
    };
    this.#records = grow(this.#records, capacity, (n) => new Uint32Array(n));
    this.#inPeriod = grow(this.#inPeriod, capacity, (n) => new Uint8Array(n));
    this.#firstAt = grow(this.#firstAt, capacity * s, (n) => new Float64Array(n));
    this.#lastAt = grow(this.#lastAt, capacity * s, (n) => new Float64Array(n));
    this.#firstValue = grow(this.#firstValue, capacity * s, (n) => new Int16Array(n));
    this.#lastValue = grow(this.#lastValue, capacity * s, (n) => new Int16Array(n));
    this.#firstMax = grow(this.#firstMax, capacity * s, (n) => new Int16Array(n));
    this.#lastMax = grow(this.#lastMax, capacity * s, (n) => new Int16Array(n));
    this.#capacity = capacity;
  }
}
