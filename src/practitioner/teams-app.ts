// The Teams app package: manifest (from teams/manifest.template.json, the bot's app id and domain,
// the organisation's name and colour, and the command menu in dialogs/practitioner.yaml), the two
// icons, and a zip of the three to upload. Validated offline against the schema bundled in
// @microsoft/app-manifest (a dev dependency: packaging is done from a checkout, not on the server).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OrganisationFile } from '../config.js';
import { colourIcon, outlineIcon, pngSize } from './png.js';
import type { PractitionerWording } from './wording.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ManifestInput {
  appId: string;
  /** The bot's public host name, like outcomes.example.org. */
  domain: string;
  /** The app's own version, x.y.z. */
  version: string;
  manifestVersion: string;
  termsUrl?: string;
  organisation: OrganisationFile;
  words: PractitionerWording;
  template: unknown;
}

export class PackageError extends Error {
  override name = 'PackageError';
}

function schemaRoot(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
}

/** The newest released manifest schema bundled with @microsoft/app-manifest, like "1.30". */
export function latestManifestVersion(): string {
  const versions = readdirSync(schemaRoot())
    .map((d) => /^v(\d+)\.(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [Number(m[1]), Number(m[2])] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [major, minor] = versions[versions.length - 1];
  return `${major}.${minor}`;
}

/** "https://outcomes.example.org/" -> "outcomes.example.org"; undefined when it is not a host name. */
export function readDomain(input: string): string | undefined {
  const host = input
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/.test(host) ? host : undefined;
}

/** Fills `{{name}}` in every string of the template; a string that is only `{{commands}}` becomes the list. */
function fill(node: unknown, values: Record<string, unknown>): unknown {
  if (typeof node === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(node);
    if (whole && typeof values[whole[1]] !== 'string') return values[whole[1]];
    return node.replace(/\{\{(\w+)\}\}/g, (all, name: string) => (typeof values[name] === 'string' ? values[name] : all));
  }
  if (Array.isArray(node)) return node.map((n) => fill(n, values));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, values)]));
  return node;
}

export function buildManifest(input: ManifestInput): Record<string, unknown> {
  const org = input.organisation;
  return fill(input.template, {
    appId: input.appId.toLowerCase(),
    domain: input.domain,
    version: input.version,
    manifestVersion: input.manifestVersion,
    organisation: org.name,
    botName: org.botName,
    privacyUrl: org.privacyNotice.url,
    termsUrl: input.termsUrl ?? org.privacyNotice.url,
    accentColor: org.branding.primaryColour.toUpperCase(),
    commands: input.words.teamsCommands.map((c) => ({ title: c.title, description: c.description })),
  }) as Record<string, unknown>;
}

/** Schema errors (none: an empty list), checked offline with the schema the manifest names. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  return (await validateManifests([manifest]))[0];
}

/** The same for several manifests at once (one Node process for all of them). */
export async function validateManifests(manifests: Record<string, unknown>[]): Promise<string[][]> {
  const checks = manifests.map((manifest) => {
    const version = typeof manifest.manifestVersion === 'string' ? manifest.manifestVersion : '';
    const file = path.join(schemaRoot(), `v${version}`, 'MicrosoftTeams.schema.json');
    if (!/^\d+\.\d+$/.test(version) || !existsSync(file))
      return { errors: [`/manifestVersion "${version}" is not a schema version bundled with @microsoft/app-manifest`] };
    const expected = `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;
    return { errors: manifest.$schema === expected ? [] : [`/$schema must be ${expected}`], file };
  });
  const files = [...new Set(checks.map((c) => c.file).filter((f): f is string => f !== undefined))];
  const schemas = files.map((f) => JSON.parse(readFileSync(f, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as unknown);
  const jobs = checks.map((c, i) => (c.file ? { manifest: manifests[i], schema: files.indexOf(c.file) } : undefined));
  const results = await validateInNode(
    jobs.filter((j) => j !== undefined),
    schemas,
  );
  let next = 0;
  return checks.map((c, i) => (jobs[i] ? [...c.errors, ...results[next++]] : c.errors));
}

// AppManifestUtils.validateAgainstSchema, run in a plain Node process: the package is CommonJS that
// requires an ES module, which Node handles and some loaders (jest's) do not. The schema is passed in,
// so nothing is fetched.
const VALIDATE = `
const { AppManifestUtils } = require(process.argv[1]);
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', async () => {
  const { jobs, schemas } = JSON.parse(input);
  const results = [];
  for (const job of jobs) results.push(await AppManifestUtils.validateAgainstSchema(job.manifest, schemas[job.schema]));
  process.stdout.write(JSON.stringify(results));
});`;

function validateInNode(jobs: { manifest: unknown; schema: number }[], schemas: unknown[]): Promise<string[][]> {
  if (jobs.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const pkg = path.dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
    const child = spawn(process.execPath, ['-e', VALIDATE, pkg], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new PackageError(`the manifest check could not run: ${err.split('\n').find((l) => l.trim()) ?? `exit ${code}`}`));
      try {
        resolve(JSON.parse(out) as string[][]);
      } catch {
        reject(new PackageError('the manifest check gave no answer'));
      }
    });
    child.stdin.end(JSON.stringify({ jobs, schemas }));
  });
}

export interface Icons {
  color: Buffer;
  outline: Buffer;
}

/** teams/color.png and teams/outline.png when an organisation puts its own there; otherwise drawn in its colour. */
export function icons(teamsDir: string, colour: string): Icons {
  const read = (name: string, size: number, draw: () => Buffer): Buffer => {
    const file = path.join(teamsDir, name);
    if (!existsSync(file)) return draw();
    const png = readFileSync(file);
    const found = pngSize(png);
    if (!found || found.width !== size || found.height !== size) throw new PackageError(`${path.join('teams', name)}: must be a ${size}x${size} PNG`);
    return png;
  };
  return { color: read('color.png', 192, () => colourIcon(colour)), outline: read('outline.png', 32, outlineIcon) };
}

/** Writes manifest.json, color.png, outline.png and the zip of them into `outDir`; returns the zip's path. */
export async function writePackage(outDir: string, manifest: Record<string, unknown>, icon: Icons, zipName = 'outcomes-bot-teams.zip'): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(path.join(outDir, 'manifest.json'), json);
  await writeFile(path.join(outDir, 'color.png'), icon.color);
  await writeFile(path.join(outDir, 'outline.png'), icon.outline);
  const { default: AdmZip } = await import('adm-zip');
  const zip = new AdmZip();
  // The three files at the top of the zip, as Teams expects.
  zip.addFile('manifest.json', Buffer.from(json, 'utf8'));
  zip.addFile('color.png', icon.color);
  zip.addFile('outline.png', icon.outline);
  const file = path.join(outDir, zipName);
  await zip.writeZipPromise(file);
  return file;
}

export function checkAppId(appId: string | undefined): string {
  if (!appId) throw new PackageError("needs the bot's app id: set MicrosoftAppId or pass --app-id");
  if (!GUID.test(appId))
    throw new PackageError(`app id "${appId}" must be a GUID like 00000000-0000-0000-0000-000000000000 (the Azure Bot's Microsoft App ID)`);
  return appId;
}
