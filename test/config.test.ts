// Start-up settings: a bad value stops the server with one line that names the file and the field.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ConfigError, loadConfig, loadEnv, loadOrganisation } from '../src/config.js';
import { loadScripts } from '../src/conversation/script-loader.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const exampleFile = path.join(root, 'config', 'organisation.example.yaml');
const example = parseYaml(readFileSync(exampleFile, 'utf8')) as Record<string, unknown>;

function failure(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnv', () => {
  it('uses safe defaults when nothing is set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3978, DATA_DIR: 'data', DIALOGS_DIR: 'dialogs', NODE_ENV: 'development', MicrosoftAppId: '' });
  });

  it('refuses a port that is not a number, naming PORT', () => {
    expect(failure(() => loadEnv({ PORT: 'abc' }))).toMatch(/^setting PORT: /);
  });

  it('refuses an unknown app type, naming it', () => {
    expect(failure(() => loadEnv({ MicrosoftAppType: 'Anyone' }))).toMatch(/^setting MicrosoftAppType: /);
  });
});

describe('loadOrganisation', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'outcomes-config-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const writeOrganisation = (change: (o: Record<string, unknown>) => void): string => {
    const copy = structuredClone(example);
    change(copy);
    const file = path.join(tmp, 'organisation.yaml');
    writeFileSync(file, stringifyYaml(copy));
    return file;
  };

  it('loads the example file', () => {
    const org = loadOrganisation(exampleFile);
    expect(org.name).toBe('Riverside Carers Centre');
    expect(org.scripts).toEqual(['carer', 'adult']);
    expect(org.retentionDays).toBe(1095);
    expect(org.safetyContacts.contacts.map((c) => c.phone)).toContain('999');
  });

  it('offers scripts that exist', () => {
    const org = loadOrganisation(exampleFile);
    expect([...loadScripts(path.join(root, 'dialogs'), org.scripts).keys()]).toEqual(org.scripts);
  });

  it('names the file and the field when retention is negative', () => {
    const file = writeOrganisation((o) => (o.retentionDays = -1));
    expect(failure(() => loadOrganisation(file))).toBe(`${file}: retentionDays: Too small: expected number to be >0`);
  });

  it('names a missing field', () => {
    const file = writeOrganisation((o) => delete o.botName);
    expect(failure(() => loadOrganisation(file))).toBe(`${file}: botName: missing (expected string)`);
  });

  it('names a field inside a list', () => {
    const file = writeOrganisation((o) => ((o.safetyContacts as { contacts: { phone: string }[] }).contacts[1].phone = ''));
    expect(failure(() => loadOrganisation(file))).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: safetyContacts\\.contacts\\[1\\]\\.phone: `),
    );
  });

  it('says a file is missing', () => {
    const file = path.join(tmp, 'nope.yaml');
    expect(failure(() => loadOrganisation(file))).toBe(`${file}: file not found`);
  });

  it('says a file is not valid YAML', () => {
    const file = path.join(tmp, 'broken.yaml');
    writeFileSync(file, 'name: [oops\n');
    expect(failure(() => loadOrganisation(file))).toMatch(/: not valid YAML \(.+\)$/);
  });
});

describe('loadConfig', () => {
  it('runs in local mode with no app id outside production', () => {
    const config = loadConfig({ ORGANISATION_FILE: exampleFile });
    expect(config.localMode).toBe(true);
    expect(config.organisation.botName).toBe('Talking Points helper');
  });

  it('refuses production without an app id', () => {
    expect(failure(() => loadConfig({ NODE_ENV: 'production', ORGANISATION_FILE: exampleFile }))).toMatch(/^setting MicrosoftAppId: must be set/);
  });

  it('is not in local mode when an app id is set', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      ORGANISATION_FILE: exampleFile,
      MicrosoftAppId: 'app',
      MicrosoftAppType: 'MultiTenant',
      DATA_KEYS: `k1:${'A'.repeat(43)}=`,
      EXPORT_SUBJECT_KEY: 'invented-export-subject-key-for-tests-0001',
    });
    expect(config.localMode).toBe(false);
  });
});
