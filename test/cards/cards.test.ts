import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prompt } from '../../src/conversation/prompt.js';
import { cardsDir } from '../../src/cards/files.js';
import { renderPrompt } from '../../src/cards/render.js';
import { CARD_KINDS, loadAllCards } from '../../src/cards/templates.js';
import { telUrl } from '../../src/cards/view.js';
import { minimal, samples } from './samples.js';
import { cardProblems } from '../support/adaptive-card.js';

/** All objects in a card (depth first). */
function objects(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(objects);
  if (typeof node !== 'object' || node === null) return [];
  const obj = node as Record<string, unknown>;
  return [obj, ...Object.values(obj).flatMap(objects)];
}
const submits = (card: unknown) => objects(card).filter((o) => o.type === 'Action.Submit');
const ofType = (card: unknown, type: string) => objects(card).filter((o) => o.type === type);

describe('card templates', () => {
  it('are checked by a validator that does catch mistakes', () => {
    const bad = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'Carousel' },
        { type: 'Input.Text', id: 'a', labelPosition: 'inline' },
        { type: 'Input.Text', id: 'a' },
        { type: 'ActionSet', actions: Array.from({ length: 6 }, (_, i) => ({ type: 'Action.Submit', title: `${i}` })) },
      ],
    };
    expect(cardProblems(bad).join('\n')).toMatch(/Unknown element type "Carousel"[\s\S]*labelPosition[\s\S]*Duplicate id[\s\S]*maximum/i);
  });

  it('load, and every one in cards/ declares version 1.5 or lower', () => {
    expect(() => loadAllCards()).not.toThrow();
    const files = readdirSync(cardsDir()).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(expect.arrayContaining(CARD_KINDS.map((k) => `${k}.json`)));
    for (const file of files) {
      const json = JSON.parse(readFileSync(join(cardsDir(), file), 'utf8')) as { version: string };
      expect(Number(json.version)).toBeLessThanOrEqual(1.5);
    }
  });

  describe.each(CARD_KINDS)('%s', (kind) => {
    it.each([
      ['a full prompt', samples[kind]],
      ['a minimal prompt', minimal[kind]],
    ])('expanded from %s parses as 1.5 with no warnings', (_name, prompt: Prompt) => {
      const { card } = renderPrompt(prompt);
      expect(card.version).toBe('1.5');
      expect(cardProblems(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toMatch(/\$\{(?!name\})|"\$when"|"\$data"/);
    });

    it('gives every button exactly {answer: value}, and the text the same choices', () => {
      const prompt = samples[kind];
      const { card, text } = renderPrompt(prompt);
      const buttons = submits(card).filter((a) => !('kind' in (a.data as object)));
      const expected = [...(prompt.choices ?? []), ...(prompt.commands ?? [])];
      // A multi-choice card's choices are ticks, a quick pass's are lists: only the commands are buttons.
      if (kind === 'multi-choice' || kind === 'quick-pass') expected.splice(0, prompt.choices!.length);
      expect(buttons.map((b) => [b.title, b.data])).toEqual(expected.map((c) => [c.label, { answer: c.value }]));
      if (prompt.title) expect(text).toContain(prompt.title);
      for (const c of prompt.choices ?? []) expect(text).toContain(c.label);
      if (prompt.hint) expect(text).toContain(prompt.hint);
      for (const p of prompt.body) expect(text).toContain(p);
    });
  });
});

describe('renderPrompt', () => {
  it('numbers rating choices by the words to type, and lists the rest', () => {
    const { text } = renderPrompt(samples.question);
    expect(text).toContain('Health and well-being\nStep 3 of 9');
    expect(text).toContain('1. Not good at all\n2. Not very good');
    expect(text).toContain("- I'd rather not say\n");
    expect(text).toContain(`- Doesn't apply to me (or type "not applicable")`);
    expect(text.endsWith('You can also type back, skip, pause or help.')).toBe(true);
  });

  it('shows a text box with a label, a length limit and a Send button only when free text is wanted', () => {
    const { card } = renderPrompt(samples.question, { maxTextLength: 1500 });
    const [input] = ofType(card, 'Input.Text');
    expect(input).toMatchObject({ id: 'text', label: 'Your answer', isMultiline: true, maxLength: 1500 });
    expect(submits(card).filter((a) => (a.data as { kind?: string }).kind === 'text')).toHaveLength(1);
    const noText = renderPrompt({ ...samples.question, freeText: false }).card;
    expect(ofType(noText, 'Input.Text')).toEqual([]);
    expect(submits(noText).some((a) => 'kind' in (a.data as object))).toBe(false);
  });

  it('keeps buttons that are not Send from carrying the text box with them', () => {
    const { card } = renderPrompt(samples.question);
    for (const b of submits(card).filter((a) => 'answer' in (a.data as object))) {
      expect(b.associatedInputs).toBe('none');
    }
  });

  it('splits long button lists into rows the host will show in full', () => {
    const sets = ofType(renderPrompt(samples.question).card, 'ActionSet');
    for (const set of sets) expect((set.actions as unknown[]).length).toBeLessThanOrEqual(5);
  });

  it('offers multi-choice as a labelled, expanded, multi-select choice set', () => {
    const { card, text } = renderPrompt(samples['multi-choice']);
    const [set] = ofType(card, 'Input.ChoiceSet');
    expect(set).toMatchObject({ id: 'choices', isMultiSelect: true, style: 'expanded', label: 'Choose up to 2' });
    expect(set.choices).toEqual(samples['multi-choice'].choices!.map((c) => ({ title: c.label, value: c.value })));
    expect(submits(card).filter((a) => (a.data as { kind?: string }).kind === 'choices')).toHaveLength(1);
    expect(text).toContain('1. Health and well-being\n2. Having a life alongside caring\n3. Money worries');
  });

  it('shows the summary in the person’s own words, numbered, with the priority said in words', () => {
    const { card, text } = renderPrompt(samples.summary);
    expect(text).toContain('1. Health and well-being\n   Rating: Not very good\n   In your words: I have not slept a full night since March.');
    expect(text).toContain('   What would help: A night off once a week\n   A priority for you');
    expect(text).toContain("2. Money worries\n   Rating: I'd rather not say");
    const json = JSON.stringify(card);
    expect(json).toContain('A priority for you');
    expect(json.match(/A priority for you/g)).toHaveLength(2); // the card once, its fallback text once
    // The person's words are shown as plain text runs (no markdown), and are never read as template expressions.
    const runs = ofType(card, 'TextRun').map((r) => r.text);
    expect(runs).toContain(samples.summary.summary![0].ownWords);
  });

  it('shows safety contacts with a heading, the number as a tel: link, and when to call', () => {
    const { card, text } = renderPrompt(samples.safety);
    const [heading] = ofType(card, 'TextBlock');
    expect(heading).toMatchObject({ text: 'You do not have to deal with this alone', style: 'heading' });
    const blocks = ofType(card, 'TextBlock').map((b) => b.text);
    expect(blocks).toContain('[116 123](tel:116123)');
    expect(text).toContain('999 - Emergency services: If you or someone else is in danger now.');
    expect(text).toContain('116 123 - Samaritans: Any time, day or night, to talk. Free from any phone.');
    expect(renderPrompt(minimal.safety).text.startsWith('If you need help now')).toBe(true);
  });

  it('adds the link as an Action.OpenUrl and as "label: url" in the text', () => {
    const { card, text } = renderPrompt(samples.message);
    expect(ofType(card, 'Action.OpenUrl')).toEqual([{ type: 'Action.OpenUrl', title: 'How we use what you tell us', url: 'https://example.org/privacy' }]);
    expect(text).toContain('How we use what you tell us: https://example.org/privacy');
  });

  it('puts the plain text in the card as its fallback, and renders the same prompt the same way twice', () => {
    const first = renderPrompt(samples.summary);
    expect(first.card.fallbackText).toBe(first.text);
    expect(renderPrompt(samples.summary)).toEqual(first);
  });

  it('makes tel: links from numbers written with spaces', () => {
    expect(telUrl('0800 0141 113')).toBe('tel:08000141113');
    expect(telUrl('+44 (0)131 555 0100')).toBe('tel:+4401315550100');
  });
});
