// One realistic prompt per card kind (invented wording), shared by the card tests.
import type { Choice, Prompt } from '../../src/conversation/prompt.js';

const commands: Choice[] = [
  { label: 'Back', value: 'back' },
  { label: 'Skip', value: 'skip' },
  { label: 'Pause', value: 'pause' },
  { label: 'Help', value: 'help' },
];
const hint = 'You can also type back, skip, pause or help.';

export const samples: Record<Prompt['card'], Prompt> = {
  message: {
    card: 'message',
    title: 'Hello, I am Ceilidh',
    body: [
      'I help carers think about what matters to them. It takes about 10 minutes.',
      'Nobody reads this conversation as it happens. If you are in danger, phone 999.',
    ],
    link: { label: 'How we use what you tell us', url: 'https://example.org/privacy' },
    choices: [
      { label: 'Yes, carry on', value: 'Yes, carry on' },
      { label: 'No thanks', value: 'No thanks' },
    ],
    hint: 'You can type your answer instead of pressing a button.',
  },
  question: {
    card: 'question',
    title: 'Health and well-being',
    progress: 'Step 3 of 9',
    body: ['How are you feeling about your own health just now?', 'Pick the one closest to how it is for you.'],
    choices: [
      { label: 'Not good at all', value: '1' },
      { label: 'Not very good', value: '2' },
      { label: 'Okay', value: '3' },
      { label: 'Quite good', value: '4' },
      { label: 'Very good', value: '5' },
      { label: "I'd rather not say", value: "I'd rather not say" },
      { label: "Doesn't apply to me", value: 'not applicable' },
    ],
    freeText: true,
    commands,
    hint,
  },
  'multi-choice': {
    card: 'multi-choice',
    title: 'What to work on first',
    progress: 'Step 10 of 11',
    body: ['Which one or two of these matter most to work on?'],
    choices: [
      { label: 'Health and well-being', value: '1' },
      { label: 'Having a life alongside caring', value: '2' },
      { label: 'Money worries', value: '3' },
    ],
    maxChoices: 2,
    commands,
    hint,
  },
  summary: {
    card: 'summary',
    title: 'What you told me',
    body: ['Here is everything you said. You can change any answer before it is saved.'],
    summary: [
      {
        number: 1,
        title: 'Health and well-being',
        rating: 'Not very good',
        ownWords: 'I have not slept a full night since March. *Really* tired - [see](http://x.test) ${name}',
        whatWouldHelp: 'A night off once a week',
        priority: true,
      },
      { number: 2, title: 'Money worries', rating: "I'd rather not say" },
      { number: 3, title: 'Having a life alongside caring', ownWords: 'Choir on Thursdays keeps me going.' },
    ],
    choices: [
      { label: 'That is right', value: 'That is right' },
      { label: 'Change an answer', value: 'Change an answer' },
    ],
    commands,
    hint,
  },
  safety: {
    card: 'safety',
    title: 'You do not have to deal with this alone',
    body: ['You can carry on with our conversation whenever you are ready.'],
    contacts: [
      { name: 'Emergency services', phone: '999', when: 'If you or someone else is in danger now.' },
      { name: 'Samaritans', phone: '116 123', when: 'Any time, day or night, to talk.', note: 'Free from any phone.' },
      { name: 'NHS 24', phone: '111', when: 'If you need urgent health advice.' },
    ],
    choices: [{ label: 'Carry on', value: 'carry on' }],
    commands: [{ label: 'Stop', value: 'stop' }],
    hint: 'You can type carry on or stop.',
  },
  'quick-pass': {
    card: 'quick-pass',
    ask: 'quick-pass',
    title: 'Your own life',
    progress: 'Step 2 of 4',
    body: ['How is each of these going for you just now?', 'Pick an answer for each, or type, for example: all okay except money.'],
    areas: [
      { number: 1, title: 'Your health and sleep' },
      { number: 2, title: 'Time for yourself' },
      { number: 3, title: 'Money' },
    ],
    choices: [
      { label: 'Not good at all', value: '1' },
      { label: 'Not very good', value: '2' },
      { label: 'Okay', value: '3' },
      { label: 'Good', value: '4' },
      { label: 'Very good', value: '5' },
      { label: "I'd rather not say", value: "I'd rather not say" },
      { label: "Doesn't apply to me", value: "Doesn't apply to me" },
    ],
    commands,
    hint,
  },
};

/** The fewest fields a prompt of each kind can have. */
export const minimal: Record<Prompt['card'], Prompt> = {
  message: { card: 'message', body: ['Thank you.'] },
  question: { card: 'question', body: ['What matters to you just now?'], freeText: true },
  'multi-choice': { card: 'multi-choice', body: ['Pick any.'], choices: [{ label: 'A', value: 'A' }] },
  summary: { card: 'summary', body: [], summary: [{ number: 1, title: 'Health' }] },
  safety: { card: 'safety', body: [], contacts: [{ name: 'Emergency services', phone: '999', when: 'Now.' }] },
  'quick-pass': { card: 'quick-pass', body: ['How is each going?'], areas: [{ number: 1, title: 'Money' }], choices: [{ label: 'Okay', value: '3' }] },
};
