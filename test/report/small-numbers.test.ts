import { seededRandom } from '../../src/report/random.js';
import { percentOf, protectOne, protectParts, protectTable, type Count } from '../../src/report/small-numbers.js';

const hidden = (c: Count) => !('n' in c);

describe('the small-number rule', () => {
  it('shows 1 to threshold-1 as "fewer than threshold", and 0 and larger numbers as they are', () => {
    expect(protectOne(0, 5)).toEqual({ n: 0 });
    expect(protectOne(1, 5)).toEqual({ fewerThan: 5 });
    expect(protectOne(4, 5)).toEqual({ fewerThan: 5 });
    expect(protectOne(5, 5)).toEqual({ n: 5 });
    expect(protectOne(2, 3)).toEqual({ fewerThan: 3 });
    expect(protectOne(1, 1)).toEqual({ n: 1 });
  });

  it('hides a second number when one hidden number could be worked out from a shown total', () => {
    // 3 could be found as 40 - 20 - 17, so the smallest other part (17) is withheld too.
    expect(protectParts([20, 3, 17], 5, 'shown')).toEqual([{ n: 20 }, { fewerThan: 5 }, { withheld: true }]);
    // Two hidden parts adding up to less than the threshold could still be narrowed down: hide a third.
    expect(protectParts([1, 1, 30, 40], 5, 'shown')).toEqual([{ fewerThan: 5 }, { fewerThan: 5 }, { withheld: true }, { n: 40 }]);
    // Nothing small: nothing hidden.
    expect(protectParts([10, 0, 7], 5, 'shown')).toEqual([{ n: 10 }, { n: 0 }, { n: 7 }]);
    // Without a total there is nothing to subtract from.
    expect(protectParts([20, 3, 17], 5, 'none')).toEqual([{ n: 20 }, { fewerThan: 5 }, { n: 17 }]);
    // A hidden total must not be the sum of shown parts.
    expect(protectParts([20, 17], 5, 'withheld')).toEqual([{ n: 20 }, { withheld: true }]);
  });

  it('hides every part of a table whose total is too small', () => {
    expect(protectTable([2, 0, 1], 5)).toEqual({ total: { fewerThan: 5 }, parts: [{ fewerThan: 5 }, { n: 0 }, { fewerThan: 5 }] });
    expect(protectTable([0, 0], 5)).toEqual({ total: { n: 0 }, parts: [{ n: 0 }, { n: 0 }] });
  });

  it('never leaves exactly one hidden part, or hidden parts adding up to less than the threshold, in random tables', () => {
    const rnd = seededRandom(99);
    for (let round = 0; round < 5000; round++) {
      const threshold = 2 + Math.floor(rnd() * 9);
      const parts = Array.from({ length: 2 + Math.floor(rnd() * 6) }, () => (rnd() < 0.4 ? Math.floor(rnd() * threshold) : Math.floor(rnd() * 60)));
      const { total, parts: shown } = protectTable(parts, threshold);
      const sum = parts.reduce((a, b) => a + b, 0);
      shown.forEach((c, i) => {
        if ('n' in c) expect(c.n).toBe(parts[i]);
        if ('fewerThan' in c) expect(parts[i] > 0 && parts[i] < threshold).toBe(true);
        if ('n' in c && c.n > 0) expect(c.n).toBeGreaterThanOrEqual('n' in total ? threshold : 0);
      });
      if ('n' in total) {
        expect(total.n).toBe(sum);
        const hiddenIdx = shown.map((c, i) => (hidden(c) ? i : -1)).filter((i) => i >= 0);
        if (hiddenIdx.length > 0) {
          expect(hiddenIdx.length).toBeGreaterThanOrEqual(2);
          expect(hiddenIdx.reduce((s, i) => s + parts[i], 0)).toBeGreaterThanOrEqual(threshold);
        }
      } else {
        expect(sum).toBeLessThan(threshold);
      }
    }
  });

  it('gives percentages only of shown numbers', () => {
    expect(percentOf({ n: 1 }, { n: 3 })).toBe(33);
    expect(percentOf({ fewerThan: 5 }, { n: 30 })).toBeUndefined();
    expect(percentOf({ n: 10 }, { withheld: true })).toBeUndefined();
    expect(percentOf({ n: 0 }, { n: 0 })).toBeUndefined();
  });
});
