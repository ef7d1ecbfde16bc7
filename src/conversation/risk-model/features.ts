// What the risk model reads in a message: its words as lemmas ("battering" -> "batter"), each marked when a
// negation covers it ("not !safe"), pairs of neighbouring lemmas, who did what ("he>hit", "hit>me"), and
// four-letter pieces of each word as typed ("<tab", "able"), so a misspelt word ("tablits", "batterin") still
// shares most of its pieces with the word it means (cross-checked: about 2 points more recall at the same
// false alarms; pieces of the normalised text gave less).
// wink-nlp does the sentence splitting, lemmas, parts of speech and negation from its own shipped model:
// nothing is downloaded or sent anywhere. The text is first normalised as the phrase lists read it, so Scots
// and contractions ("am no coping", "cannae") reach the model already written out.
import winkNLP, { type ItemSentence, type ItemToken, type ItsFunction } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { normaliseForSafeguarding } from '../safeguarding.js';

let nlp: ReturnType<typeof winkNLP> | undefined;
// wink-nlp's typings give its.lemma a signature `out` does not accept, though it works at run time.
const asIts = (f: unknown) => f as ItsFunction<string>;

const SUBJECTS = new Set(['i', 'he', 'she', 'they', 'we', 'you', 'it']);
const OBJECTS = new Set(['me', 'him', 'her', 'them', 'us', 'myself', 'himself', 'herself']);

interface Word {
  lemma: string;
  negated: boolean;
  pos: string;
}

function sentencesOf(text: string): Word[][] {
  // Loaded on first use: about 19 MB of heap with its module, so a process that never reads a message pays less.
  nlp ??= winkNLP(model);
  // wink-nlp's `its` helpers are plain functions (they use no `this`), typed as methods.
  /* eslint-disable @typescript-eslint/unbound-method */
  const { type, lemma, negationFlag, pos } = nlp.its;
  /* eslint-enable @typescript-eslint/unbound-method */
  const doc = nlp.readDoc(normaliseForSafeguarding(text).replace(/ \. /g, '. '));
  const sentences: Word[][] = [];
  doc.sentences().each((s: ItemSentence) => {
    const words: Word[] = [];
    s.tokens().each((t: ItemToken) => {
      if (t.out(type) !== 'word') return;
      words.push({ lemma: t.out(asIts(lemma)), negated: Boolean(t.out(negationFlag)), pos: t.out(pos) });
    });
    sentences.push(words);
  });
  return sentences;
}

const PIECE = 4;

/** The four-letter pieces of each word, with its start and end marked: "<hit>" is one piece, "tablet" gives "<tab", "tabl"... */
function piecesOf(text: string, found: Set<string>): void {
  for (const word of text.toLowerCase().split(/[^a-z']+/)) {
    if (!word) continue;
    const marked = `<${word}>`;
    if (marked.length <= PIECE) found.add(`c:${marked}`);
    for (let i = 0; i + PIECE <= marked.length; i++) found.add(`c:${marked.slice(i, i + PIECE)}`);
  }
}

/** The features of one message, each once. */
export function riskFeatures(text: string): string[] {
  const found = new Set<string>();
  piecesOf(text, found);
  for (const words of sentencesOf(text)) {
    let subject: string | undefined;
    words.forEach((w, i) => {
      found.add(`u:${w.negated ? '!' : ''}${w.lemma}`);
      if (i + 1 < words.length) found.add(`b:${w.lemma}_${words[i + 1].lemma}`);
      if (w.pos === 'PRON' && SUBJECTS.has(w.lemma)) subject = w.lemma;
      if (w.pos === 'VERB' && subject) found.add(`sv:${subject}>${w.lemma}`);
      if (OBJECTS.has(w.lemma)) {
        for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
          if (words[j].pos === 'VERB') {
            found.add(`vo:${words[j].lemma}>${w.lemma}`);
            break;
          }
        }
      }
    });
  }
  return [...found];
}
