// npm run personas [-- --runs=N] [-- --only=NAME] [-- --json] [-- --transcript=NAME]
// Simulated people who type naturally (bench/persona-people.ts) hold whole conversations with the real bot
// over real HTTP: the compiled server on 127.0.0.1, port 0, a temporary DATA_DIR, activities sent with
// deliveryMode "expectReplies". Each person runs several times with a seeded PRNG. Afterwards the records are
// read back with the real export (`npm run export`'s CLI) and held against what each person meant.
// Prints per person: turns, not-understood rate, misreads, words dropped, junk stored, words read and the
// estimated minutes (read 150 words a minute, type 20, 5 s a turn). Replies come from the TUNING corpus only.
// Not part of `npm test`. --transcript prints one person's first run (invented text only) to stderr.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportSubjectKey, newExportSubjectSecret } from '../src/records/export-subject-key.js';
import { OutcomeRecord } from '../src/records/record.js';
import { subjectRefFor } from '../src/records/subject.js';
import { Client } from './client.js';
import { Chat, countWords, type Question } from './persona-chat.js';
import { Person, PERSONAS, type Move, type PersonaKind } from './persona-people.js';
import { scoreRecord, type Score } from './persona-score.js';
import { startProcess } from './processes.js';
import { loadCorpus } from './understanding-corpus.js';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(arg('runs') ?? 3);
const ONLY = arg('only')?.toLowerCase();
const TRANSCRIPT = arg('transcript')?.toLowerCase();
const JSON_OUT = args.includes('--json');

const ROOT = process.cwd();
const BOT = path.join(ROOT, 'dist/src/index.js');
const EXPORT = path.join(ROOT, 'dist/src/cli/export.js');
const ORGANISATION_FILE = 'test/fixtures/organisation.all-scripts.yaml';
const TUNING = path.join(ROOT, 'test/understanding/tuning.yaml');
/** A conversation that has not finished by then is counted as not finished. */
const MAX_TURNS = 150;

/** The bot's ways of saying it did not understand. */
const MISSED = /didn['’]?t catch|did not catch|not sure what you mean|don['’]?t understand|please type (the|a|one|your)/i;
const CODE = /\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}\b/;
const FINISHED = /reference code is/i;

interface Run {
  persona: string;
  finished: boolean;
  turns: number;
  notUnderstood: number;
  /** Asked again about the same thing in other words (which is closest?): not a miss. */
  followUps: number;
  noAsk: number;
  wordsRead: number;
  wordsTyped: number;
  code?: string;
  person: Person;
  score?: Score;
}

const sameQuestion = (a: Question, b: Question) => a.ask === b.ask && a.outcomes.join() === b.outcomes.join();
const log = (line: string) => process.stderr.write(`${line}\n`);

async function converse(client: Client, kind: PersonaKind, person: Person, id: string, transcript: boolean): Promise<Run> {
  const chat = new Chat(client, id);
  const run: Run = { persona: kind.name, finished: false, turns: 0, notUnderstood: 0, followUps: 0, noAsk: 0, wordsRead: 0, wordsTyped: 0, person };
  const read = (texts: string[]) => {
    run.wordsRead += texts.reduce((n, t) => n + countWords(t), 0);
    if (transcript) texts.forEach((t) => log(`  bot: ${t.replace(/\n+/g, ' / ')}`));
  };
  let replies = await chat.start();
  read(replies.texts);
  let question = replies.question;
  let missesInARow = 0;
  while (run.turns < MAX_TURNS) {
    const done = replies.texts.find((t) => FINISHED.test(t) && CODE.test(t));
    if (done) {
      run.finished = true;
      run.code = CODE.exec(done)![0];
      break;
    }
    if (!question) break;
    if (!question.ask) run.noAsk++;
    // A person misunderstood six times running moves on, as people do.
    const move: Move = missesInARow >= 6 ? { type: 'say', text: 'skip', command: true } : person.answer(question, missesInARow >= 2);
    run.turns++;
    if (move.type === 'say') run.wordsTyped += countWords(move.text);
    if (transcript) log(`person [${question.ask ?? '?'} ${question.outcomes.join(',')}]: ${move.type === 'say' ? move.text : `(presses ${move.title})`}`);
    replies = move.type === 'say' ? await chat.say(move.text) : await chat.press(move.data);
    read(replies.texts);
    const next = replies.question;
    const command = move.type === 'say' && move.command;
    const missed =
      !command && (replies.texts.some((t) => MISSED.test(t)) || (next !== undefined && sameQuestion(next, question) && next.text === question.text));
    if (missed) run.notUnderstood++;
    else if (!command && next && sameQuestion(next, question)) run.followUps++;
    missesInARow = missed ? missesInARow + 1 : 0;
    question = next;
  }
  return run;
}

/**
 * Writes the records as `npm run export -- --format json --include-contact` gives them, with subject_ref
 * keyed by `subjectKey` (EXPORT_SUBJECT_KEY), so the bench can work out each code's ref the same way.
 */
function exportRecords(dataDir: string, out: string, subjectKey: string): void {
  const result = spawnSync(process.execPath, [EXPORT, '--format', 'json', '--include-contact', '--out', out], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ORGANISATION_FILE, NODE_ENV: 'development', EXPORT_SUBJECT_KEY: subjectKey },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`export failed (${result.status}): ${result.stderr.slice(0, 300)}`);
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const range = (xs: number[]) => (xs.length ? `${Math.min(...xs)}-${Math.max(...xs)}` : '-');
/** Read at 150 words a minute, type at 20, and 5 s for each turn. */
const minutes = (r: Run) => r.wordsRead / 150 + r.wordsTyped / 20 + (r.turns * 5) / 60;

async function main(): Promise<void> {
  const corpus = loadCorpus(TUNING);
  const work = await mkdtemp(path.join(os.tmpdir(), 'personas-'));
  const dataDir = path.join(work, 'data');
  const bot = await startProcess(BOT, { DATA_DIR: dataDir, ORGANISATION_FILE });
  const client = new Client(bot.url, 2);
  const runs: Run[] = [];
  try {
    for (const [index, kind] of PERSONAS.entries()) {
      if (ONLY && !kind.name.toLowerCase().includes(ONLY)) continue;
      for (let r = 0; r < RUNS; r++) {
        const person = new Person(kind, corpus, 1000 * (index + 1) + r);
        const transcript = r === 0 && TRANSCRIPT !== undefined && kind.name.toLowerCase().includes(TRANSCRIPT);
        if (transcript) log(`--- ${kind.name}, run 1`);
        runs.push(await converse(client, kind, person, `persona-${index}-${r}-${process.pid}`, transcript));
      }
      log(`${kind.name}: ${RUNS} runs done`);
    }
  } finally {
    client.close();
    await bot.stop();
  }
  const exported = path.join(work, 'records.jsonl');
  // An export's subject_ref is an HMAC of the stored subject hash under EXPORT_SUBJECT_KEY
  // (src/records/export-subject-key.ts): give the export a key of the bench's own and key each code with it.
  const secret = newExportSubjectSecret();
  exportRecords(dataDir, exported, secret);
  const exportRef = exportSubjectKey(secret).refFor;
  const bySubject = new Map<string, OutcomeRecord>();
  for (const line of (await readFile(exported, 'utf8')).split('\n').filter(Boolean)) {
    const record = OutcomeRecord.parse(JSON.parse(line));
    bySubject.set(record.subjectRef, record);
  }
  let unmatched = 0;
  for (const run of runs) {
    const record = run.code ? bySubject.get(exportRef(subjectRefFor(run.code))) : undefined;
    if (record) run.score = scoreRecord(run.person.intent, record);
    else if (run.finished) unmatched++;
    if (!record) run.finished = false;
  }
  // Said apart, so a bench fault (refs that no longer match) is not read as conversations that never ended.
  if (unmatched) log(`${unmatched} conversations gave a reference code but no exported record matched it`);
  const cut = runs.filter((r) => r.turns >= MAX_TURNS).length;
  if (cut) log(`${cut} conversations were cut off at ${MAX_TURNS} turns`);
  await rm(work, { recursive: true, force: true });

  const rows = [...new Set(runs.map((r) => r.persona))].map((persona) => {
    const mine = runs.filter((r) => r.persona === persona);
    const scored = mine.filter((r) => r.score);
    const turns = mine.reduce((n, r) => n + r.turns, 0);
    const sum = (f: (s: Score) => number) => scored.reduce((n, r) => n + f(r.score!), 0);
    return {
      persona,
      finished: `${scored.length}/${mine.length}`,
      turns: range(mine.map((r) => r.turns)),
      notUnderstoodPct: round((100 * mine.reduce((n, r) => n + r.notUnderstood, 0)) / Math.max(1, turns)),
      followUps: mine.reduce((n, r) => n + r.followUps, 0),
      misreads: sum((s) => s.misreads),
      wordsDropped: sum((s) => s.wordsDropped),
      junkStored: sum((s) => s.junkStored),
      wordsRead: range(mine.map((r) => r.wordsRead)),
      minutes: `${round(Math.min(...mine.map(minutes)))}-${round(Math.max(...mine.map(minutes)))}`,
      questionsWithoutAsk: mine.reduce((n, r) => n + r.noAsk, 0),
      misreadWhere: [...new Set(scored.flatMap((r) => r.score!.misreadWhere.map((w) => w.split(':')[0])))].join(' '),
    };
  });
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify({ runsPerPersona: RUNS, rows }, null, 2)}\n`);
    return;
  }
  const head = ['person', 'finished', 'turns', 'not understood %', 'follow-ups', 'misreads', 'words dropped', 'junk stored', 'words read', 'minutes'];
  process.stdout.write(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n`);
  for (const r of rows) {
    process.stdout.write(
      `| ${[r.persona, r.finished, r.turns, r.notUnderstoodPct, r.followUps, r.misreads, r.wordsDropped, r.junkStored, r.wordsRead, r.minutes].join(' | ')} |\n`,
    );
  }
  for (const r of rows) {
    if (r.misreadWhere) log(`${r.persona}: misread at ${r.misreadWhere}`);
    if (r.questionsWithoutAsk) log(`${r.persona}: ${r.questionsWithoutAsk} questions came without channelData.outcomesBot.ask`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`personas: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
