// The everyday-replies corpus must stay a fair measure: every entry follows the format, names areas that
// exist in its script, and the holdout stays a third of each question kind with nothing shared with tuning.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadCorpus, parseExpect, type CorpusEntry } from '../../bench/understanding-corpus.js';

const DIR = path.join(process.cwd(), 'test/understanding');
const tuning = loadCorpus(path.join(DIR, 'tuning.yaml'));
const holdout = loadCorpus(path.join(DIR, 'holdout.yaml'));
// Round 2 (written later, by someone who had not seen the reading code): its own tuning half and held-out third.
const tuning2 = loadCorpus(path.join(DIR, 'tuning-2.yaml'));
const holdout2 = loadCorpus(path.join(DIR, 'holdout-2.yaml'));
const all = [...tuning, ...holdout];

interface ScriptAreas {
  outcomes: string[];
  groups: Map<string, string[]>;
}

function areas(id: string): ScriptAreas {
  const file = parse(readFileSync(path.join(process.cwd(), 'dialogs', `${id}.yaml`), 'utf8')) as {
    outcomes: { id: string; group: string }[];
    groups: { id: string }[];
  };
  const groups = new Map(file.groups.map((g) => [g.id, file.outcomes.filter((o) => o.group === g.id).map((o) => o.id)]));
  return { outcomes: file.outcomes.map((o) => o.id), groups };
}

const scripts = new Map(['carer', 'adult', 'care-home'].map((id) => [id, areas(id)]));
const key = (e: CorpusEntry) => [e.text, e.at, e.script, e.outcome ?? '', e.group ?? ''].join('|');
const byAt = (list: CorpusEntry[]) => list.reduce((m, e) => m.set(e.at, (m.get(e.at) ?? 0) + 1), new Map<string, number>());

describe('everyday replies corpus', () => {
  it('names only areas and groups that exist in the script each reply was typed in', () => {
    const wrong: string[] = [];
    // A held-out round-2 reply is named by its place in the file, never by its text.
    const named = [
      ...all.map((e) => ({ e, name: key(e) })),
      ...tuning2.map((e) => ({ e, name: key(e) })),
      ...holdout2.map((e, i) => ({ e, name: `holdout-2 #${i + 1}` })),
    ];
    for (const { e, name } of named) {
      const s = scripts.get(e.script)!;
      if (['rating', 'say-more', 'what-would-help'].includes(e.at) && !s.outcomes.includes(e.outcome ?? '')) wrong.push(name);
      if (e.at === 'quick-pass') {
        const inGroup = s.groups.get(e.group ?? '');
        if (!inGroup) wrong.push(name);
        if (e.meaning.kind === 'quick' && Object.keys(e.meaning.ratings).some((id) => !inGroup?.includes(id))) wrong.push(name);
      }
      if (e.meaning.kind === 'outcomes' && e.meaning.ids.some((id) => !s.outcomes.includes(id))) wrong.push(name);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the holdout apart: no reply in both files, and a third of each question kind', () => {
    const tuned = new Set(tuning.map(key));
    expect(holdout.filter((e) => tuned.has(key(e))).map(key)).toEqual([]);
    const t = byAt(tuning);
    for (const [at, held] of byAt(holdout)) {
      const total = held + (t.get(at) ?? 0);
      expect({ at, held }).toEqual({ at, held: Math.round(total / 3) });
    }
  });

  it('keeps round 2 apart: no held-out reply also in tuning-2 or round 1, and a third of each question kind', () => {
    const seen = new Set([...tuning, ...holdout, ...tuning2].map(key));
    // Counts only: the held-out replies are never printed.
    expect(holdout2.filter((e) => seen.has(key(e))).length).toBe(0);
    const round1 = new Set(all.map(key));
    expect(tuning2.filter((e) => round1.has(key(e))).length).toBe(0);
    const t = byAt(tuning2);
    for (const [at, held] of byAt(holdout2)) {
      const total = held + (t.get(at) ?? 0);
      expect({ at, held }).toEqual({ at, held: Math.round(total / 3) });
    }
    expect(tuning2.length + holdout2.length).toBe(214);
  });

  it('is big and varied enough to measure: 450 replies, every style, every script, every question kind', () => {
    expect(all.length).toBeGreaterThanOrEqual(450);
    expect(all.filter((e) => e.at === 'rating').length).toBeGreaterThanOrEqual(120);
    expect(new Set(all.map((e) => e.style)).size).toBe(6);
    expect(new Set(all.map((e) => e.script)).size).toBe(3);
    expect(new Set(all.map((e) => e.at)).size).toBe(13);
    expect(all.filter((e) => e.meaning.kind === 'command').length).toBeGreaterThanOrEqual(30);
  });

  it('reads the expect grammar and refuses lines that break it', () => {
    expect(parseExpect('rating 2 +words')).toEqual({ kind: 'rating', value: 2, words: true });
    expect(parseExpect('quick money=low health-and-wellbeing=low rest=3')).toEqual({
      kind: 'quick',
      ratings: { money: 'low', 'health-and-wellbeing': 'low' },
      rest: 3,
    });
    expect(() => parseExpect('rating 7')).toThrow();
    expect(() => parseExpect('between 3 2')).toThrow();
    expect(() => parseExpect('unclear')).toThrow();
    expect(() => parseExpect('yes +words')).toThrow();
  });
});
