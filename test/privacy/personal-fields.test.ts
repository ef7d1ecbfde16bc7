// Encryption at rest follows the schema: every string a record or a conversation keeps is either marked as
// personal text (sealed with DATA_KEYS) or listed here as not personal. A new free-text field declared as a
// plain string fails this test, so it cannot be stored unencrypted by omission.
import { describe, expect, it } from '@jest/globals';
import { mapPersonalText, stringFields } from '../../src/conversation/personal-text.js';
import { ConversationState } from '../../src/conversation/state.js';
import { FlagNotice } from '../../src/privacy/flag-notices.js';
import { OutcomeRecord } from '../../src/records/record.js';

/** Strings that are not what a person typed: ids, dates, labels from the script, choices from a list. */
const NOT_PERSONAL = {
  record: [
    'id',
    'script.id',
    'script.locale',
    'channel',
    'subjectRef',
    'consent.at',
    'consent.noticeVersion',
    'createdAt',
    'confirmedAt',
    'outcomes[].id',
    'outcomes[].label',
    'outcomes[].group',
    'outcomes[].groupTitle',
    'outcomes[].rating.label',
    'outcomes[].rating.scale',
    'outcomes[].practitionerRating.label',
    'safeguardingFlag.categories[]',
    'safeguardingFlag.at',
    'followUp.assignee',
    'followUp.actions[].id',
    'followUp.actions[].who',
    'followUp.actions[].byWhen',
    'followUp.actions[].createdAt',
    'followUp.notes[].by',
    'followUp.notes[].at',
    'previousRecordId',
    'practitioner',
    'answeredFor.relationship',
  ],
  state: [
    'scriptId',
    'consent.at',
    'consent.noticeVersion',
    'priorities[]',
    'focus[]',
    'safeguarding.categories[]',
    'safeguarding.at',
    'channel',
    'startedAt',
    'recordId',
    'updatedAt',
    'answeredFor.relationship',
    'answeredFor.whom',
  ],
  notice: ['id', 'conversationRef', 'firstAt', 'lastAt', 'categories[]', 'channel', 'script', 'step', 'subjectRef', 'recordId'],
};

describe('personal text is marked in the schema', () => {
  it('every string an OutcomeRecord keeps is personal text or known not to be', () => {
    const plain = stringFields(OutcomeRecord)
      .filter((f) => !f.personal)
      .map((f) => f.path);
    expect(plain.filter((p) => !NOT_PERSONAL.record.includes(p))).toEqual([]);
    expect(
      stringFields(OutcomeRecord)
        .filter((f) => f.personal)
        .map((f) => f.path),
    ).toEqual(
      expect.arrayContaining([
        'whatMatters',
        'outcomes[].ownWords',
        'outcomes[].whatWouldHelp',
        'contact.detail',
        'followUp.notes[].text',
        'followUp.actions[].what',
      ]),
    );
  });

  it('every string a conversation in progress keeps is personal text or known not to be', () => {
    const plain = stringFields(ConversationState)
      .filter((f) => !f.personal)
      .map((f) => f.path);
    expect(plain.filter((p) => !NOT_PERSONAL.state.includes(p))).toEqual([]);
  });

  it('every string a safety flag notice keeps is personal text or known not to be; the contact answer is personal', () => {
    const fields = stringFields(FlagNotice);
    expect(fields.filter((f) => !f.personal && !NOT_PERSONAL.notice.includes(f.path))).toEqual([]);
    expect(fields.filter((f) => f.personal).map((f) => f.path)).toEqual(['contact.detail', 'contact.when', 'words[]']);
  });

  it('seals exactly the marked fields, each under its own name', () => {
    const sealed = mapPersonalText(
      ConversationState,
      {
        whatMatters: 'Sleep',
        answers: { money: { status: 'answered', value: 2, ownWords: 'Bills' } },
        contact: { method: 'phone', detail: '07700 900123' },
        channel: 'webchat',
      },
      (v, field) => `<${field}:${v}>`,
    );
    expect(sealed).toEqual({
      whatMatters: '<whatMatters:Sleep>',
      answers: { money: { status: 'answered', value: 2, ownWords: '<ownWords:Bills>' } },
      contact: { method: 'phone', detail: '<contact.detail:07700 900123>' },
      channel: 'webchat',
    });
  });
});
