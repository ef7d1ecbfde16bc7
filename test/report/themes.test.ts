import { OrganisationFile } from '../../src/config.js';
import { ThemeList, type ThemeDefinition } from '../../src/theme-schema.js';
import { compileThemes } from '../../src/report/themes.js';
import { defaultThemes } from '../../src/report/themes-file.js';

const themes: ThemeDefinition[] = [
  { id: 'breaks', label: 'Breaks', keywords: ['break*', 'respite', 'day centre'] },
  { id: 'money', label: 'Money', keywords: ["carer's allowance", 'bill*'] },
  { id: 'talk', label: 'Someone to talk to', keywords: ['support group', 'talk to'] },
  { id: 'groups', label: 'Groups and clubs', keywords: ['group*', 'club'] },
  { id: 'support', label: 'Support', keywords: ['support*'] },
];

describe('"what would help" themes', () => {
  const matcher = compileThemes(themes);
  const names = (text: string) => themes.filter((_, i) => matcher.match(text) & (1 << i)).map((t) => t.id);

  it('matches whole words and phrases in any case, with * for any ending', () => {
    expect(names('A BREAK on Fridays')).toEqual(['breaks']);
    expect(names('More breaks please')).toEqual(['breaks']);
    expect(names('More hours at the Day   Centre')).toEqual(['breaks']);
    expect(names('Help with the bills')).toEqual(['money']);
    expect(names('A daybreak walk')).toEqual([]);
    expect(names('The clubhouse')).toEqual([]);
    expect(names('')).toEqual([]);
  });

  it('treats curly and straight apostrophes alike', () => {
    expect(names('Help to apply for Carer’s Allowance')).toEqual(['money']);
    expect(names("Help to apply for carer's allowance")).toEqual(['money']);
  });

  it('finds every theme an answer mentions, even where keywords start on the same word', () => {
    expect(names('A support group and someone to talk to')).toEqual(['talk', 'groups', 'support']);
    expect(names('respite and help with bills')).toEqual(['breaks', 'money']);
  });

  it('ships a default list that loads, and an organisation file may name its own', () => {
    const list = defaultThemes();
    expect(list.length).toBeGreaterThanOrEqual(8);
    expect(ThemeList.safeParse(list).success).toBe(true);
    const m = compileThemes(list);
    expect(m.match('A sitter so I can go out')).not.toBe(0);
    expect(m.match('Nothing anyone can do.')).toBe(0);
    const org = {
      name: 'Test',
      botName: 'Bot',
      scripts: ['carer'],
      privacyNotice: { url: 'https://example.org/p', version: '1' },
      safetyContacts: { lastChecked: '2026-01-01', contacts: [{ name: 'Emergency', phone: '999', when: 'Now' }] },
      retentionDays: 30,
    };
    expect(OrganisationFile.safeParse(org).success).toBe(true);
    expect(OrganisationFile.parse({ ...org, themes }).themes).toHaveLength(5);
    expect(OrganisationFile.safeParse({ ...org, themes: [{ id: 'x', label: 'X', keywords: [] }] }).success).toBe(false);
    expect(OrganisationFile.safeParse({ ...org, themes: [themes[0], themes[0]] }).success).toBe(false);
  });
});
