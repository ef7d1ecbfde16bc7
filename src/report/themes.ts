// Sorts "what would help" answers into the organisation's keyword themes, fast enough for 100,000
// records: keywords are compiled into a few combined regular expressions, one scan per text each.
import type { ThemeDefinition } from '../theme-schema.js';

const LETTER = '[\\p{L}\\p{N}]';

/** One keyword as a regex source: whole words, any case, either apostrophe, any spacing; * = any ending. */
function keywordSource(keyword: string): string {
  const prefix = keyword.endsWith('*');
  const base = (prefix ? keyword.slice(0, -1) : keyword).trim().toLowerCase().replace(/’/g, "'");
  const escaped = base
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/'/g, "['’]")
    .replace(/\s+/g, '\\s+');
  return prefix ? `${escaped}${LETTER}*` : escaped;
}

/** The word a keyword starts on: matched whole, or as a prefix when the keyword is one word ending in *. */
function firstWord(keyword: string): { word: string; prefix: boolean } {
  const words = keyword.trim().toLowerCase().replace(/’/g, "'").split(/\s+/);
  const prefix = words.length === 1 && words[0].endsWith('*');
  return { word: words[0].replace(/\*$/, ''), prefix };
}

/** Whether some text word could be the first word of both keywords. */
function sameStart(a: string, b: string): boolean {
  const x = firstWord(a);
  const y = firstWord(b);
  if (x.prefix && y.prefix) return x.word.startsWith(y.word) || y.word.startsWith(x.word);
  if (x.prefix) return y.word.startsWith(x.word);
  if (y.prefix) return x.word.startsWith(y.word);
  return x.word === y.word;
}

function mayStartTogether(a: ThemeDefinition, b: ThemeDefinition): boolean {
  return a.keywords.some((ka) => b.keywords.some((kb) => sameStart(ka, kb)));
}

interface Pass {
  regex: RegExp;
  /** Capture group g (from 1) belongs to theme bits[g - 1]. */
  bits: number[];
}

export interface ThemeMatcher {
  readonly themes: readonly ThemeDefinition[];
  /** A bit mask of the themes the text mentions: bit i is themes[i]. 0 when it matches none. */
  match(text: string): number;
}

/**
 * One alternation can report only one theme for a given starting word, so themes whose keywords
 * may start on the same word go into different passes (usually one or two passes in all).
 */
export function compileThemes(themes: readonly ThemeDefinition[]): ThemeMatcher {
  if (themes.length > 30) throw new Error('at most 30 themes');
  const passes: ThemeDefinition[][] = [];
  const passOf: number[][] = [];
  themes.forEach((theme, index) => {
    let p = passes.findIndex((members) => members.every((m) => !mayStartTogether(m, theme)));
    if (p < 0) {
      p = passes.length;
      passes.push([]);
      passOf.push([]);
    }
    passes[p].push(theme);
    passOf[p].push(index);
  });
  const compiled: Pass[] = passes.map((members, p) => ({
    regex: new RegExp(`(?<!${LETTER})(?:${members.map((t) => `(${t.keywords.map(keywordSource).join('|')})`).join('|')})(?!${LETTER})`, 'giu'),
    bits: passOf[p].map((index) => 1 << index),
  }));

  return {
    themes,
    match(text: string): number {
      let mask = 0;
      for (const { regex, bits } of compiled) {
        regex.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = regex.exec(text)) !== null) {
          for (let g = 1; g < m.length; g++) {
            if (m[g] !== undefined) {
              mask |= bits[g - 1];
              break;
            }
          }
          // Start again one character on, so a keyword inside a longer phrase is still found.
          regex.lastIndex = m.index + 1;
        }
      }
      return mask;
    },
  };
}
