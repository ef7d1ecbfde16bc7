// The `subject_ref` in exports: HMAC-SHA-256 of the stored subject hash under a server secret,
// EXPORT_SUBJECT_KEY. Stored records keep the plain hash of the code (lookups by code need it); an export
// never shows it, because anyone can hash every possible code offline and match it. Without the key an
// export's refs lead nowhere; with the same key, every export gives a person the same ref, so exports join.
//
// Production must set the key. Outside production a key is made once and kept with the data, so local
// exports still join with each other: in DATA_DIR/keys/export-subject.key (0600, folder 0700), or with
// DATABASE_URL in the database (nothing is written to DATA_DIR then).
import { createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config-error.js';
import { ConflictError, type SharedPlaces } from './store.js';

export const EXPORT_SUBJECT_KEY_MIN_LENGTH = 32;

export interface ExportSubjectKey {
  /** A short, non-secret name for the key (hex), so an export can say which key made its refs. */
  id: string;
  /** The export's ref for a stored subject hash. */
  refFor: (storedSubjectRef: string) => string;
}

export function exportSubjectKey(secret: string): ExportSubjectKey {
  if (secret.length < EXPORT_SUBJECT_KEY_MIN_LENGTH)
    throw new ConfigError(`setting EXPORT_SUBJECT_KEY: must be at least ${EXPORT_SUBJECT_KEY_MIN_LENGTH} characters`);
  const id = createHmac('sha256', secret).update('export-subject-key-id').digest('hex').slice(0, 8);
  // Many records share a subject: remember each ref once (an export is one pass, then this is dropped).
  const refs = new Map<string, string>();
  return {
    id,
    refFor: (stored) => {
      let ref = refs.get(stored);
      if (ref === undefined) {
        ref = createHmac('sha256', secret).update(stored).digest('hex');
        refs.set(stored, ref);
      }
      return ref;
    },
  };
}

/** A fresh secret in the form EXPORT_SUBJECT_KEY takes (43 base64url characters, 256 bits). */
export function newExportSubjectSecret(): string {
  return randomBytes(32).toString('base64url');
}

const LOCAL_KEY_FILE = path.join('keys', 'export-subject.key');

/** Where a key made outside production is kept: the data folder, or the shared places of a database store. */
export type KeyPlace = { dataDir: string } | { shared: SharedPlaces };

/**
 * EXPORT_SUBJECT_KEY when set; in production without it, a ConfigError (one plain line); otherwise the
 * key kept with the data, made on first use. Two tools starting at once both end up with the first one's key.
 */
export async function loadExportSubjectKey(env: { EXPORT_SUBJECT_KEY: string; NODE_ENV: string }, place: KeyPlace): Promise<ExportSubjectKey> {
  const set = env.EXPORT_SUBJECT_KEY.trim();
  if (set) return exportSubjectKey(set);
  if (env.NODE_ENV === 'production') throw new ConfigError(missingInProduction);
  const secret = 'shared' in place ? await keptInDatabase(place.shared) : await keptInFile(place.dataDir);
  if (secret.length < EXPORT_SUBJECT_KEY_MIN_LENGTH)
    throw new ConfigError('the kept export subject key is damaged (put it back from a backup, or set EXPORT_SUBJECT_KEY)');
  return exportSubjectKey(secret);
}

const KeptKey = z.object({ secret: z.string() });

async function keptInDatabase(shared: SharedPlaces): Promise<string> {
  const keys = shared.keyed('export-subject-key', KeptKey);
  try {
    await keys.putIfVersion('current', { secret: newExportSubjectSecret() }, null);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  return (await keys.get('current'))?.secret.trim() ?? '';
}

async function keptInFile(dataDir: string): Promise<string> {
  const file = path.join(dataDir, LOCAL_KEY_FILE);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written whole under a name of its own, then linked into place: link fails if the key is already there,
  // so a reader never sees half a key and a key once made is never replaced.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${newExportSubjectSecret()}\n`, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temp, { force: true });
  }
  return (await readFile(file, 'utf8')).trim();
}

export const missingInProduction =
  'setting EXPORT_SUBJECT_KEY: must be set when NODE_ENV is production, so the subject_ref in exports cannot be traced back to a reference code (make one with: npm run export -- --new-subject-key)';
