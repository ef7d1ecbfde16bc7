// The small-number rule: no figure in a report may let a reader single out a person.
//
// Primary rule: a count from 1 to threshold-1 is shown as "fewer than {threshold}" (0 is shown: it
// names nobody). Secondary rule: where the parts of a table and their total are both shown, one
// hidden part could be worked out by subtraction, so more parts are withheld until at least two are
// hidden and the hidden parts add up to at least the threshold.

/** A count as it may be shown: the number, "fewer than N", or withheld to protect another cell. */
export type Count = { n: number } | { fewerThan: number } | { withheld: true };

export function isShown(count: Count): count is { n: number } {
  return 'n' in count;
}

/** The shown number, or undefined when it is hidden. */
export function shownValue(count: Count): number | undefined {
  return 'n' in count ? count.n : undefined;
}

/** Primary rule only: for figures whose complement and total are not both shown. */
export function protectOne(value: number, threshold: number): Count {
  return value > 0 && value < threshold ? { fewerThan: threshold } : { n: value };
}

/**
 * Protects the parts of a table. total 'shown': the reader also sees the parts' total, so a single
 * hidden part could be worked out by subtraction. total 'withheld': the total is hidden to protect a
 * cell elsewhere, so the parts must not add up to it: at least one part is hidden.
 */
export function protectParts(parts: readonly number[], threshold: number, total: 'shown' | 'withheld' | 'none' = 'shown'): Count[] {
  const hidden = parts.map((v) => v > 0 && v < threshold);
  const result: Count[] = parts.map((v, i) => (hidden[i] ? { fewerThan: threshold } : { n: v }));
  const smallestShown = (): number => {
    // Not zero: a zero gives nothing away and hides nothing.
    let next = -1;
    for (let i = 0; i < parts.length; i++) {
      if (!hidden[i] && parts[i] > 0 && (next < 0 || parts[i] < parts[next])) next = i;
    }
    return next;
  };
  const withhold = (i: number): void => {
    hidden[i] = true;
    result[i] = { withheld: true };
  };
  if (total === 'withheld') {
    const next = hidden.some(Boolean) ? -1 : smallestShown();
    if (next >= 0) withhold(next);
    return result;
  }
  if (total === 'none' || !hidden.some(Boolean)) return result;
  let hiddenCount = hidden.filter(Boolean).length;
  let hiddenSum = parts.reduce((sum, v, i) => (hidden[i] ? sum + v : sum), 0);
  while (hiddenCount < 2 || hiddenSum < threshold) {
    const next = smallestShown();
    if (next < 0) break;
    withhold(next);
    hiddenCount += 1;
    hiddenSum += parts[next];
  }
  return result;
}

/**
 * A table whose total is itself a figure: the total is protected on its own; when the total is
 * hidden every part is hidden too (each part is at most the total), otherwise the parts are
 * protected with the total shown.
 */
export function protectTable(parts: readonly number[], threshold: number): { total: Count; parts: Count[] } {
  const sum = parts.reduce((a, b) => a + b, 0);
  const total = protectOne(sum, threshold);
  if (!isShown(total)) return { total, parts: parts.map((v) => (v === 0 ? { n: 0 } : { fewerThan: threshold })) };
  return { total, parts: protectParts(parts, threshold, 'shown') };
}

/** A percentage of a shown total, rounded to a whole number; undefined when either is hidden. */
export function percentOf(part: Count, total: Count): number | undefined {
  if (!isShown(part) || !isShown(total) || total.n === 0) return undefined;
  return Math.round((part.n / total.n) * 100);
}
