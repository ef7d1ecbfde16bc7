// npm run teams-package -- [--app-id GUID] [--domain HOST] [--version X.Y.Z] [--out DIR] [--terms-url URL] [--manifest-version 1.NN]
// Writes the Teams app package (manifest.json, color.png, outline.png and a zip of them) for this bot.
// The app id defaults to MicrosoftAppId, the domain to BOT_DOMAIN; the organisation file gives the name,
// colour and privacy link, dialogs/practitioner.yaml the command menu. Checked offline before it is written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadEnv, loadOrganisation } from '../config.js';
import { ScriptError } from '../conversation/script-loader.js';
import { projectRoot } from '../cards/files.js';
import {
  PackageError,
  buildManifest,
  checkAppId,
  icons,
  latestManifestVersion,
  readDomain,
  validateManifest,
  writePackage,
} from '../practitioner/teams-app.js';
import { loadPractitionerWording } from '../practitioner/wording.js';

const USAGE = 'usage: npm run teams-package -- [--app-id GUID] [--domain HOST] [--version X.Y.Z] [--out DIR] [--terms-url URL] [--manifest-version 1.NN]';

export interface Io {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runTeamsPackage(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'app-id': { type: 'string' },
        domain: { type: 'string' },
        version: { type: 'string' },
        out: { type: 'string' },
        'terms-url': { type: 'string' },
        'manifest-version': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`teams-package: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    const env = loadEnv(io.env);
    const appId = checkAppId(values['app-id'] ?? (env.MicrosoftAppId || undefined));
    const domainInput = values.domain ?? io.env.BOT_DOMAIN;
    if (!domainInput) throw new PackageError("needs the bot's domain (where /api/messages is served): set BOT_DOMAIN or pass --domain");
    const domain = readDomain(domainInput);
    if (!domain) throw new PackageError(`domain "${domainInput}" must be a host name like outcomes.example.org`);
    const root = projectRoot();
    const version = values.version ?? (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
    if (!/^\d+\.\d+\.\d+$/.test(version)) throw new PackageError(`--version "${version}" must look like 1.0.0`);
    const organisation = loadOrganisation(path.resolve(env.ORGANISATION_FILE));
    const words = loadPractitionerWording(path.resolve(env.DIALOGS_DIR));
    const template = JSON.parse(readFileSync(path.join(root, 'teams', 'manifest.template.json'), 'utf8')) as unknown;
    const manifest = buildManifest({
      appId,
      domain,
      version,
      manifestVersion: values['manifest-version'] ?? latestManifestVersion(),
      termsUrl: values['terms-url'],
      organisation,
      words,
      template,
    });
    const errors = await validateManifest(manifest);
    if (errors.length) {
      io.stderr(`teams-package: the manifest is not valid:\n${errors.map((e) => `  ${e}`).join('\n')}\n`);
      return 1;
    }
    const out = path.resolve(values.out ?? path.join(root, 'dist', 'teams-app'));
    const zip = await writePackage(out, manifest, icons(path.join(root, 'teams'), organisation.branding.primaryColour));
    io.stdout(`Teams app package for ${domain} (manifest ${String(manifest.manifestVersion)}, app ${version}): ${zip}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PackageError || error instanceof ConfigError || error instanceof ScriptError) {
      io.stderr(`teams-package: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runTeamsPackage(process.argv.slice(2), { env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`teams-package: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
