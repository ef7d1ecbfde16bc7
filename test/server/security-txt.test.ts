// How to report a weakness (issue 14, finding 8): the organisation file's `security` block is served as
// /.well-known/security.txt (RFC 9116) over real HTTP; without it there is no address to give, so 404.
import { afterAll, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { tempDir, testApp } from '../support/app.js';

const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

/** The carer-only fixture with a security block added. */
function organisationWith(security: string): string {
  const file = path.join(tempDir('security-txt-'), 'organisation.yaml');
  writeFileSync(file, `${readFileSync('test/fixtures/organisation.carer-only.yaml', 'utf8')}\n${security}\n`);
  return file;
}

const INVENTED = `security:
  contact: ["mailto:security@invented-council.example", "https://invented-council.example/report"]
  expires: 2099-06-30
  policy: https://invented-council.example/security-policy`;

describe('/.well-known/security.txt', () => {
  test('with a security block: the addresses, an expiry and the canonical address, as plain text', async () => {
    const app = await testApp({ ORGANISATION_FILE: organisationWith(INVENTED), PUBLIC_URL: 'https://chat.invented-council.example/' });
    apps.push(app);
    const res = await fetch(`${await app.listen(0)}/.well-known/security.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(
      [
        'Contact: mailto:security@invented-council.example',
        'Contact: https://invented-council.example/report',
        'Expires: 2099-06-30T23:59:59.000Z',
        'Policy: https://invented-council.example/security-policy',
        'Preferred-Languages: en',
        'Canonical: https://chat.invented-council.example/.well-known/security.txt',
        '',
      ].join('\n'),
    );
  });

  test('without one (the example file as shipped): 404, no made-up address', async () => {
    const app = await testApp();
    apps.push(app);
    const res = await fetch(`${await app.listen(0)}/.well-known/security.txt`);
    expect(res.status).toBe(404);
  });

  test('an expired block is still served, and the log says to check it at start', async () => {
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (event: string) => void warnings.push(event) };
    const app = await testApp({ ORGANISATION_FILE: organisationWith(INVENTED.replace('2099-06-30', '2020-01-31')) }, { log });
    apps.push(app);
    expect((await fetch(`${await app.listen(0)}/.well-known/security.txt`)).status).toBe(200);
    expect(warnings).toContain('security.contact-expired');
  });

  test('an address that is not mailto: or https: stops start-up with the place and the reason', () => {
    const file = organisationWith(INVENTED.replace('mailto:security@invented-council.example', 'security@invented-council.example'));
    expect(() => loadConfig({ NODE_ENV: 'test', ORGANISATION_FILE: file })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', ORGANISATION_FILE: file })).toThrow(/security\.contact\[0\]: must be a mailto: or https: address/);
  });
});
