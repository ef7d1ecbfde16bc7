// The three Talking Points scripts: complete, plain, and a broken script stops start-up with one clear line.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { fillText } from '../../src/conversation/fill-text.js';
import { loadScripts, ScriptError } from '../../src/conversation/script-loader.js';
import type { Script } from '../../src/conversation/script.js';
import { plain } from '../../src/conversation/understanding/words.js';

const dialogsDir = fileURLToPath(new URL('../../dialogs/', import.meta.url));

// Published short labels (Talking Points), by group, as listed in DOMAIN.md.
const published: Record<string, { audience: Script['audience']; groups: string[][] }> = {
  carer: {
    audience: 'carer',
    groups: [
      ['Quality of life for the cared-for person'],
      ['Maintaining health and well-being', 'A life of their own', 'Positive relationship with the person cared for', 'Freedom from financial hardship'],
      ['Choices in caring, including the limits of caring', 'Feeling informed/skilled/equipped', 'Satisfaction in caring', 'Partnership with services'],
      [
        'Valued/respected and expertise recognised',
        'Having a say in services',
        'Flexible and responsive to changing needs',
        'Positive relationship with practitioners',
        'Accessible, available and free at the point of need',
      ],
    ],
  },
  adult: {
    audience: 'person',
    groups: [
      [
        'Feeling safe',
        'Having things to do',
        'Seeing people',
        'Staying as well as you can',
        'Living where you want/as you want',
        'Dealing with stigma/discrimination',
      ],
      ['Listened to', 'Having a say', 'Treated with respect', 'Responded to', 'Reliability'],
      ['Improved confidence/morale', 'Improved skills', 'Improved mobility', 'Reduced symptoms'],
    ],
  },
  'care-home': {
    audience: 'care-home',
    groups: [
      [
        'I feel safe and secure',
        'I see people',
        'I have things to do',
        'I live in a nice place',
        'I live life as I want and where I want',
        'I stay as well as I can',
        'I belong to a community',
      ],
      ['I am treated as an individual', 'I am valued and respected', 'I am listened to', 'I have a say in decisions about my care and support'],
    ],
  },
};
const ids = Object.keys(published);

// Placeholders the engine fills, per text key. Any other `{name}` in a script is a typo.
const placeholders: Partial<Record<keyof Script['text'], { required: string[]; allowed?: string[] }>> = {
  welcome: { required: ['botName', 'organisation'] },
  chooserWelcome: { required: ['botName', 'organisation'] },
  forWhomScript: { required: ['whom'] },
  quickIntro: { required: ['groups'] },
  quickQuestion: { required: ['whom'] },
  ratingQuestionFor: { required: ['whom'] },
  ownWords: { required: [], allowed: ['whom'] },
  ratingHeard: { required: ['rating'] },
  ratingBetween: { required: ['a', 'b'] },
  deepIntro: { required: ['titles'] },
  quickToldEarlier: { required: ['titles'] },
  leavingPaused: { required: ['code'] },
  stopKept: { required: ['code'], allowed: ['retentionDays'] },
  changing: { required: ['title'] },
  prioritiesNoted: { required: ['titles'] },
  progress: { required: ['step', 'total'] },
  prioritiesTooMany: { required: ['max'] },
  sharingQuestion: { required: ['organisation'] },
  contactQuestion: { required: ['organisation'] },
  done: { required: ['code'] },
  doneShared: { required: ['days'], allowed: ['organisation'] },
  finishedAlready: { required: ['code'] },
  paused: { required: ['code', 'retentionDays'] },
  notUnderstoodChoice: { required: ['options'] },
  notUnderstoodRating: { required: ['min', 'max'], allowed: ['example'] },
  tooLong: { required: ['max'] },
  safetyNotWatched: { required: [], allowed: ['organisation'] },
  safetyNotWatchedPrivate: { required: [], allowed: ['organisation'] },
  copyIntro: { required: ['date'] },
  copyPrintLink: { required: ['myCopyUrl'] },
};

function placeholdersIn(s: string): string[] {
  return [...s.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
}

/** Every string in the script except ids, with where it is. */
function allWords(script: Script): [string, string][] {
  const out: [string, string][] = [];
  const walk = (value: unknown, at: string): void => {
    if (typeof value === 'string') {
      if (!/(^|\.)(id|group|scale|defaultScale|locale|audience)$/.test(at)) out.push([at, value]);
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, at ? `${at}.${k}` : k);
  };
  walk(script, '');
  return out;
}

const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');

describe('the published scripts', () => {
  const scripts = loadScripts(dialogsDir, ids);

  it('all load, each with the id of its file', () => {
    expect([...scripts.keys()]).toEqual(ids);
    for (const id of ids) expect(scripts.get(id)!.id).toBe(id);
  });

  describe.each(ids)('%s', (id) => {
    const script = scripts.get(id)!;
    const expected = published[id];

    it('is for the right audience', () => {
      expect(script.audience).toBe(expected.audience);
    });

    it('has every published label, exactly, grouped as published', () => {
      expect(script.groups).toHaveLength(expected.groups.length);
      const byGroup = script.groups.map((g) => script.outcomes.filter((o) => o.group === g.id).map((o) => o.label));
      expect(byGroup).toEqual(expected.groups);
      // Groups come one after another, in the published order.
      expect(script.outcomes.map((o) => o.label)).toEqual(expected.groups.flat());
    });

    it('asks its own question for every area', () => {
      const questions = script.outcomes.map((o) => norm(o.question));
      expect(new Set(questions).size).toBe(questions.length);
      for (const o of script.outcomes) {
        expect(o.question).toMatch(/\?$/);
        expect(norm(o.question)).not.toBe(norm(o.label));
      }
    });

    it('keeps every sentence short and plain', () => {
      for (const [at, words] of allWords(script)) {
        expect({ at, length: words.length }).toEqual({ at, length: Math.min(words.length, 300) });
        // Labels are published names; everything else speaks to the person without jargon.
        if (!/^outcomes\[\d+\]\.label$/.test(at)) expect({ at, words }).not.toEqual({ at, words: expect.stringMatching(/\boutcomes?\b/i) as unknown });
      }
    });

    it('uses only the placeholders the engine fills', () => {
      for (const [key, words] of Object.entries(script.text)) {
        const rule = placeholders[key as keyof Script['text']] ?? { required: [] };
        const used = placeholdersIn(words);
        for (const name of rule.required) expect({ key, used }).toEqual({ key, used: expect.arrayContaining([name]) as unknown });
        const unexpected = used.filter((name) => !rule.required.includes(name) && !(rule.allowed ?? []).includes(name));
        expect({ key, unexpected }).toEqual({ key, unexpected: [] });
      }
      for (const [key, words] of Object.entries(script.help)) expect({ key, used: placeholdersIn(words) }).toEqual({ key, used: [] });
    });

    it('has a five-point scale with a way out, and no word that means two things', () => {
      const scale = script.scales[script.defaultScale];
      expect(scale.options.map((o) => o.value)).toEqual([1, 2, 3, 4, 5]);
      expect(scale.options.map((o) => o.label)).toEqual(['Not good at all', 'Not very good', 'Okay', 'Good', 'Very good']);
      expect(scale.ratherNotSay.label).toBe("I'd rather not say");
      expect(scale.notApplicable.label).toBe("Doesn't apply to me");
      expect(script.helpThreshold).toBe(2);
      const owner = new Map<string, string>();
      // Read words the way the engine reads them, so a clash here is a clash in a conversation.
      const claim = (word: string, who: string): void => {
        const w = plain(word);
        expect(w).not.toBe('');
        expect({ word: w, who: owner.get(w) ?? who }).toEqual({ word: w, who });
        owner.set(w, who);
      };
      for (const o of scale.options) [o.label, ...o.aliases].forEach((w) => claim(w, `option ${o.value}`));
      [scale.ratherNotSay.label, ...scale.ratherNotSay.aliases].forEach((w) => claim(w, 'rather not say'));
      [scale.notApplicable.label, ...scale.notApplicable.aliases].forEach((w) => claim(w, 'not applicable'));
      for (const [command, words] of Object.entries(script.commands)) words.forEach((w) => claim(w, `command ${command}`));
    });
  });

  it('offers a different button for each script in the chooser', () => {
    const labels = ids.map((id) => scripts.get(id)!.text.chooserLabel);
    expect(labels).toEqual(['I look after someone', 'I get support myself', 'I live in a care home']);
  });
});

describe('a broken script', () => {
  const carer = parseYaml(readFileSync(path.join(dialogsDir, 'carer.yaml'), 'utf8')) as Script;
  let tmp: string;
  let cwd: string;

  beforeEach(() => {
    cwd = process.cwd();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'outcomes-scripts-'));
    mkdirSync(path.join(tmp, 'dialogs'));
    process.chdir(tmp);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(tmp, { recursive: true, force: true });
  });

  const write = (id: string, content: string): void => writeFileSync(path.join(tmp, 'dialogs', `${id}.yaml`), content);
  const changed = (change: (s: Script) => void): string => {
    const copy = structuredClone(carer);
    change(copy);
    return stringifyYaml(copy);
  };
  const failure = (ids: string[]): string => {
    try {
      loadScripts('dialogs', ids);
    } catch (err) {
      expect(err).toBeInstanceOf(ScriptError);
      return (err as Error).message;
    }
    throw new Error('expected loadScripts to fail');
  };

  it('names an unknown scale and the known ones', () => {
    write(
      'carer',
      changed((s) => (s.outcomes[3].scale = 'five')),
    );
    expect(failure(['carer'])).toBe('dialogs/carer.yaml: outcomes[3].scale: unknown scale "five" (known: going)');
  });

  it('names a missing field', () => {
    write(
      'carer',
      changed((s) => Reflect.deleteProperty(s.text, 'welcome')),
    );
    expect(failure(['carer'])).toBe('dialogs/carer.yaml: text.welcome: missing (expected string)');
  });

  it('names an empty sentence', () => {
    write(
      'carer',
      changed((s) => (s.help.rating = '  ')),
    );
    expect(failure(['carer'])).toBe('dialogs/carer.yaml: help.rating: must not be empty');
  });

  it('says where the YAML is broken, on one line', () => {
    write('carer', 'id: carer\ntitle: [oops\n');
    const message = failure(['carer']);
    expect(message).toBe(
      'dialogs/carer.yaml: not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1:)',
    );
    expect(message).not.toContain('\n');
  });

  it('says a file is missing', () => {
    write('carer', stringifyYaml(carer));
    expect(failure(['carer', 'nope'])).toBe('dialogs/nope.yaml: file not found');
  });

  it('needs the id to match the file name', () => {
    write('adult', stringifyYaml(carer));
    expect(failure(['adult'])).toBe('dialogs/adult.yaml: id: must be "adult" to match the file name, not "carer"');
  });

  it('says what an empty file is missing', () => {
    write('carer', '');
    expect(failure(['carer'])).toBe('dialogs/carer.yaml: (top level): Invalid input: expected object, received null');
  });

  it('uses the full path when the folder is outside the working directory', () => {
    process.chdir(cwd);
    expect(() => loadScripts(path.join(tmp, 'dialogs'), ['gone'])).toThrow(`${path.join(tmp, 'dialogs', 'gone.yaml')}: file not found`);
  });
});

describe('fillText', () => {
  it('fills the placeholders it knows and leaves the rest', () => {
    expect(fillText('Your code is {code}. Keep it {days} days. {unknown} stays.', { code: 'AB12', days: 30 })).toBe(
      'Your code is AB12. Keep it 30 days. {unknown} stays.',
    );
  });

  it('fills the same placeholder twice and ignores inherited names', () => {
    expect(fillText("type 'resume {code}' ({code}) {toString}", { code: 'X' })).toBe("type 'resume X' (X) {toString}");
  });

  it('does not treat $ in a value as a pattern', () => {
    expect(fillText('{organisation}', { organisation: "$& Carers $'" })).toBe("$& Carers $'");
  });
});
