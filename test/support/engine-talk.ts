// Drives the pure engine like a conversation: botSays(...) checks what was shown, user(...) answers.
import { expect } from '@jest/globals';
import { startConversation, step, type StartOptions } from '../../src/conversation/engine.js';
import type { Prompt } from '../../src/conversation/prompt.js';
import type { Effect, EngineSetup } from '../../src/conversation/setup.js';
import type { ConversationState } from '../../src/conversation/state.js';

export function promptWords(prompts: Prompt[]): string {
  return prompts
    .flatMap((p) => [
      p.title ?? '',
      p.progress ?? '',
      ...p.body,
      ...(p.areas ?? []).map((a) => a.title),
      ...(p.choices ?? []).map((c) => c.label),
      ...(p.summary ?? []).flatMap((s) => [s.title, s.rating ?? '', s.ownWords ?? '', s.whatWouldHelp ?? '']),
      ...(p.contacts ?? []).map((c) => `${c.name} ${c.phone}`),
    ])
    .join('\n');
}

export class EngineTalk {
  state: ConversationState;
  prompts: Prompt[];
  effects: Effect[] = [];
  allEffects: Effect[] = [];
  private codes = 0;

  constructor(
    private setup: EngineSetup,
    options: StartOptions = {},
  ) {
    const started = startConversation(setup, this.ctx(), options);
    this.state = started.state;
    this.prompts = started.prompts;
  }

  private ctx() {
    return { now: '2026-11-26T10:00:00.000Z', newCode: () => `TEST-CODE-${String(++this.codes).padStart(2, '0')}` };
  }

  botSays(pattern: RegExp): this {
    expect(promptWords(this.prompts)).toMatch(pattern);
    return this;
  }

  botDoesNotSay(pattern: RegExp): this {
    expect(promptWords(this.prompts)).not.toMatch(pattern);
    return this;
  }

  user(text: string): this {
    const result = step(this.setup, this.state, { kind: 'text', text }, this.ctx());
    this.state = result.state;
    this.prompts = result.prompts;
    this.effects = result.effects;
    this.allEffects.push(...result.effects);
    return this;
  }

  resumed(): this {
    const result = step(this.setup, this.state, { kind: 'resumed' }, this.ctx());
    this.prompts = result.prompts;
    return this;
  }

  isAt(kind: ConversationState['step']['kind'], outcome?: number): this {
    expect(this.state.step.kind).toBe(kind);
    if (outcome !== undefined) expect((this.state.step as { outcome?: number }).outcome).toBe(outcome);
    return this;
  }
}
