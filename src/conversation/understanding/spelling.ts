// Small spelling slips put right before a second reading ("relly" -> "really", "munny" -> "money"), against the
// words the bot knows for this script. Only words of four letters or more, and only a clear best match.
import Fuse from 'fuse.js';
import { tokens } from './words.js';
import { LRUCache } from 'lru-cache';

const fuses = new WeakMap<Set<string>, Fuse<string>>();

/** Longer replies are sentences: they are kept as words, not corrected into a choice (and it bounds the cost). */
const MAX_WORDS = 12;
/** The best match per word for each vocabulary ('' when there is none: a cache cannot hold null). */
const known = new WeakMap<Set<string>, LRUCache<string, string>>();

export function correctSpelling(text: string, vocabulary: Set<string>): string {
  const words = tokens(text);
  if (words.length > MAX_WORDS) return text;
  let cache = known.get(vocabulary);
  if (!cache) known.set(vocabulary, (cache = new LRUCache<string, string>({ max: 5000 })));
  let changed = false;
  const fixed = words.map((w) => {
    if (w.length < 4 || /\d/.test(w) || vocabulary.has(w)) return w;
    let best = cache.get(w);
    if (best === undefined) {
      best = closest(w, vocabulary) ?? '';
      cache.set(w, best);
    }
    if (best && best !== w) changed = true;
    return best || w;
  });
  return changed ? fixed.join(' ') : text;
}

function closest(word: string, vocabulary: Set<string>): string | undefined {
  let fuse = fuses.get(vocabulary);
  if (!fuse) {
    fuse = new Fuse(
      [...vocabulary].filter((w) => w.length >= 3),
      { includeScore: true, threshold: 0.42, ignoreLocation: true },
    );
    fuses.set(vocabulary, fuse);
  }
  const found = fuse.search(word, { limit: 2 });
  if (!found.length) return undefined;
  const [first, second] = found;
  const limit = word.length >= 5 ? 0.41 : 0.3;
  if ((first.score ?? 1) > limit) return undefined;
  if (second && (second.score ?? 1) - (first.score ?? 0) < 0.05) return undefined;
  return first.item;
}
