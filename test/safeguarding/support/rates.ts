// Recall and false alarms of a phrase matcher on a YAML set of disclosures and ordinary sentences, by kind.
import type { SafeguardingMatcher } from '../../../src/conversation/safeguarding.js';
import { readSafetySet } from '../../../src/conversation/risk-model/sets.js';

/** Kinds a reader names, and the matcher's categories that count as naming them rightly. */
const ACCEPTED: Record<string, string[]> = {
  'harm-from-cared-for': ['harm-from-cared-for', 'harm-from-others', 'domestic-abuse'],
  'domestic-abuse': ['domestic-abuse', 'harm-from-others'],
  'harm-from-others': ['harm-from-others', 'domestic-abuse', 'harm-from-cared-for'],
};
const accepted = (kind: string) => ACCEPTED[kind] ?? [kind];

interface KindRates {
  kind: string;
  disclosures: number;
  caught: number;
  named: number;
  negatives: number;
  falseAlarms: number;
}

export interface SetRates {
  file: string;
  disclosures: { kind: string; text: string; got: string[] }[];
  negatives: { kind: string; text: string; got: string[] }[];
  judgement: { text: string; flag: boolean; got: string[] }[];
  byKind: KindRates[];
  recall: number;
  named: number;
  falseAlarmRate: number;
  missed: { kind: string; text: string }[];
  falseAlarms: { kind: string; text: string; got: string[] }[];
  judgementWrong: { text: string; flag: boolean }[];
  lines: string[];
}

const pct = (n: number, of: number) => (of === 0 ? '-' : `${((100 * n) / of).toFixed(0)}%`);

export function measure(check: SafeguardingMatcher, file: string): SetRates {
  const set = readSafetySet(file);
  const disclosures = set.disclosures.map((d) => ({ ...d, got: check(d.text) }));
  const negatives = set.ordinary.map((n) => ({ ...n, got: check(n.text) }));
  const judgement = set.judgement.map((j) => ({ ...j, got: check(j.text) }));
  const kinds = [...new Set([...disclosures.map((d) => d.kind), ...negatives.map((n) => n.kind)])];
  const byKind = kinds.map((kind) => {
    const ds = disclosures.filter((d) => d.kind === kind);
    const ns = negatives.filter((n) => n.kind === kind);
    return {
      kind,
      disclosures: ds.length,
      caught: ds.filter((d) => d.got.length > 0).length,
      named: ds.filter((d) => d.got.some((c) => accepted(kind).includes(c))).length,
      negatives: ns.length,
      falseAlarms: ns.filter((n) => n.got.length > 0).length,
    };
  });
  const missed = disclosures.filter((d) => d.got.length === 0);
  const falseAlarms = negatives.filter((n) => n.got.length > 0);
  const named = disclosures.filter((d) => d.got.some((c) => accepted(d.kind).includes(c))).length;
  const judgementWrong = judgement.filter((j) => j.got.length > 0 !== j.flag);
  const name = file.replace(/^.*\//, '');
  const lines = [
    `safeguarding ${name}: recall ${pct(disclosures.length - missed.length, disclosures.length)} (${disclosures.length - missed.length}/${disclosures.length}), ` +
      `named as its kind ${pct(named, disclosures.length)}, false alarms ${pct(falseAlarms.length, negatives.length)} (${falseAlarms.length}/${negatives.length})` +
      (judgement.length ? `, judgement calls as documented ${judgement.length - judgementWrong.length}/${judgement.length}` : ''),
    ...byKind.map(
      (k) =>
        `  ${k.kind.padEnd(20)} recall ${pct(k.caught, k.disclosures).padStart(4)} (${k.caught}/${k.disclosures})  named ${pct(k.named, k.disclosures).padStart(4)}` +
        `  false alarms ${pct(k.falseAlarms, k.negatives).padStart(4)} (${k.falseAlarms}/${k.negatives})`,
    ),
  ];
  return {
    file: name,
    disclosures,
    negatives,
    judgement,
    byKind,
    recall: (disclosures.length - missed.length) / Math.max(disclosures.length, 1),
    named: named / Math.max(disclosures.length, 1),
    falseAlarmRate: falseAlarms.length / Math.max(negatives.length, 1),
    missed,
    falseAlarms,
    judgementWrong,
    lines,
  };
}
