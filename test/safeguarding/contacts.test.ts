// Only the contacts that fit the kind of risk, emergency first where a life may be at risk.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { loadOrganisation, organisationView } from '../../src/config.js';
import { contactsFor } from '../../src/conversation/safety-contacts.js';
import { tempDir } from '../support/app.js';

const example = organisationView(loadOrganisation('config/organisation.example.yaml'));
const names = (kinds: string[], org = example) => contactsFor(kinds, org).map((c) => c.name);

describe('contacts for each kind of risk (config/organisation.example.yaml)', () => {
  test('carer breakdown: someone to talk to, and no forced marriage helpline', () => {
    expect(names(['carer-breakdown'])).toEqual(['Samaritans', 'Breathing Space', 'NHS 24']);
  });

  test('a life at risk puts emergency services first', () => {
    expect(names(['harm-to-self'])[0]).toBe('Emergency services');
    expect(names(['carer-breakdown', 'immediate-danger'])[0]).toBe('Emergency services');
    expect(names(['domestic-abuse'])).toEqual(['Emergency services', 'Domestic Abuse and Forced Marriage Helpline', 'Police Scotland']);
    expect(names(['child-at-risk'])).toContain('Childline');
  });

  test('money taken goes to the police non-emergency number; an unknown kind shows every contact', () => {
    expect(names(['money-taken'])).toEqual(['Police Scotland', 'Emergency services']);
    expect(names(['landlord-threats'])).toHaveLength(example.safetyContacts.length);
  });

  test('an older file without ids gets the defaults by its well-known numbers', () => {
    const old = { ...example, safetyContacts: example.safetyContacts.map(({ id: _id, ...c }) => c), safetyContactsForKinds: undefined };
    expect(names(['carer-breakdown'], old)).toEqual(['Samaritans', 'Breathing Space', 'NHS 24']);
  });

  test('a kind mapped to a contact nobody has stops start-up with one line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'org.yaml');
    writeFileSync(
      file,
      'name: X\nbotName: Y\nscripts: [carer]\nprivacyNotice: { url: "https://example.org/p", version: "1" }\nretentionDays: 30\n' +
        'safetyContacts:\n  lastChecked: 2026-11-01\n  contacts:\n    - { id: emergency, name: Emergency services, phone: "999", when: now }\n  forKinds:\n    harm-to-self: [emergency, samaritans]\n',
    );
    expect(() => loadOrganisation(file)).toThrow(/safetyContacts\.forKinds\.harm-to-self\[1\]: no contact has id "samaritans" \(known: emergency\)/);
  });
});
