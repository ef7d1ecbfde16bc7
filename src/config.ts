// Environment and organisation file, parsed with zod. A bad value stops start-up with one clear line.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { SafetyContact, type OrganisationView } from './conversation/organisation.js';
import { formatZodIssue } from './conversation/zod-message.js';
import { contactId } from './conversation/safety-contacts.js';
import { KeyringError, parseKeyring, type Keyring } from './records/keyring.js';
import { EXPORT_SUBJECT_KEY_MIN_LENGTH, missingInProduction } from './records/export-subject-key.js';
import { ThemeList } from './theme-schema.js';
import { readYamlFile } from './conversation/yaml-file.js';

import { ConfigError } from './config-error.js';

export { ConfigError };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d4f91');

export const Practitioner = z
  .object({
    name: z.string().min(1),
    aadObjectId: z.string().min(1).optional(),
    userPrincipalName: z.string().min(1).optional(),
    team: z.string().min(1).default('default'),
    role: z.enum(['practitioner', 'manager']).default('practitioner'),
  })
  .refine((p) => p.aadObjectId || p.userPrincipalName, { message: 'needs aadObjectId or userPrincipalName' });
export type Practitioner = z.infer<typeof Practitioner>;

export const OrganisationFile = z.object({
  name: z.string().min(1),
  botName: z.string().min(1),
  scripts: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1, 'must offer at least one script'),
  privacyNotice: z.object({
    url: z.string().url(),
    version: z.string().min(1),
    /** The notice in two or three plain sentences, shown before the person agrees. Unset: the script's own. */
    text: z.string().trim().min(1).optional(),
  }),
  safetyContacts: z
    .object({
      lastChecked: isoDate,
      contacts: z.array(SafetyContact).min(1),
      /** Kind of risk (config/safeguarding.yaml) -> the ids of the contacts that fit it, most urgent first. */
      forKinds: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
    })
    .superRefine((v, ctx) => {
      const ids = new Set(v.contacts.map((c) => contactId(c)).filter(Boolean));
      for (const [kind, list] of Object.entries(v.forKinds ?? {}))
        list.forEach((id, i) => {
          if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['forKinds', kind, i], message: `no contact has id "${id}" (known: ${[...ids].join(', ')})` });
        });
    }),
  retentionDays: z.number().int().positive(),
  /** Conversations left unfinished and not paused are removed after this many days (paused ones keep retentionDays). */
  unfinishedRetentionDays: z.number().int().positive().default(30),
  safeguarding: z
    .object({
      /** The organisation's own phrases (same form as config/safeguarding.yaml), added to the shipped ones. */
      phrasesFile: z.string().min(1).optional(),
      /** True: use only phrasesFile, not the shipped lists. */
      replaceDefaults: z.boolean().default(false),
      policy: z
        .object({
          /** A flagged conversation the person kept private or never finished is still passed on for urgent review. */
          passOnUnshared: z.boolean().default(true),
          /** The organisation's own words for what happens next, shown with the safety contacts. Unset: the script's. */
          tellPerson: z.string().trim().min(1).optional(),
          /**
           * Who may read the words that were flagged, on a flag with no record: nobody (the default: they are not
           * kept), managers, or the team that follows the script up (and managers). Each opening is audited.
           */
          matchedWords: z.enum(['nobody', 'managers', 'team']).default('nobody'),
        })
        .default({ passOnUnshared: true, matchedWords: 'nobody' }),
    })
    .default({ replaceDefaults: false, policy: { passOnUnshared: true, matchedWords: 'nobody' } }),
  maxTextLength: z.number().int().min(100).max(20000).default(2000),
  followUpDays: z.number().int().positive().default(5),
  branding: z
    .object({ primaryColour: colour.default('#1d4f91'), backgroundColour: colour.default('#ffffff'), logoUrl: z.string().optional() })
    .default({ primaryColour: '#1d4f91', backgroundColour: '#ffffff' }),
  allowedSites: z.array(z.string().url()).default([]),
  /** focus (default): a quick pass over every area, then deeper questions where it matters; every-area: each area in turn. */
  conversationDepth: z.enum(['focus', 'every-area']).default('focus'),
  webChat: z.object({ idleMinutes: z.number().positive().max(240).default(20) }).default({ idleMinutes: 20 }),
  practitioners: z.array(Practitioner).default([]),
  /** Which practitioners' team follows up each script's records (script id -> team). A script not listed: every team. */
  scriptTeams: z.record(z.string(), z.string().min(1)).default({}),
  smallNumberThreshold: z.number().int().min(1).default(5),
  /** Themes for "what would help" answers in the report; unset: config/themes.default.yaml. */
  themes: ThemeList.optional(),
  /**
   * Where to report a weakness in this deployment: served as /.well-known/security.txt (RFC 9116) and named
   * in docs/SECURITY.md. Unset: the path is 404; fill it in before going live.
   */
  security: z
    .object({
      contact: z
        .array(z.string().regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: or https: address'))
        .min(1, 'needs at least one address'),
      expires: isoDate,
      policy: z.string().url().optional(),
      languages: z
        .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'must be a language tag like en or gd'))
        .min(1)
        .optional(),
    })
    .optional(),
});
export type OrganisationFile = z.infer<typeof OrganisationFile>;

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  DATA_DIR: z.string().min(1).default('data'),
  // Set: the PostgreSQL store, which several instances can share; unset: the embedded file store in DATA_DIR.
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  ORGANISATION_FILE: z.string().min(1).default('config/organisation.example.yaml'),
  DIALOGS_DIR: z.string().min(1).default('dialogs'),
  NODE_ENV: z.string().default('development'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', '']).default(''),
  MicrosoftAppTenantId: z.string().default(''),
  // Web chat. Unset token secret: a random one per process (tokens then end with the process).
  WEBCHAT_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default(() => randomBytes(32).toString('base64url')),
  DIRECT_LINE_SECRET: z.string().default(''),
  DIRECT_LINE_ENDPOINT: z.string().url().default('https://directline.botframework.com'),
  WEBCHAT_TOKEN_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().default(300),
  WEBCHAT_ADDRESS_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().default(3000),
  WEBCHAT_NEW_CHATS_PER_HOUR: z.coerce.number().int().positive().default(120),
  // Memory the built-in web chat keeps for all its conversations' messages together; the oldest unused go first.
  WEBCHAT_MEMORY_MB: z.coerce.number().int().min(1).max(4096).default(48),
  // Above this share of the heap limit, web chat refuses new chats and messages with 429 for a moment.
  WEBCHAT_SHED_AT_HEAP_PERCENT: z.coerce.number().int().min(1).max(100).default(80),
  // Encryption at rest: "id1:base64key,id2:base64key", the first encrypts, all decrypt. Required in production.
  DATA_KEYS: z.string().default(''),
  // The secret that keys subject_ref in exports (HMAC). Required in production; elsewhere one is made and
  // kept in DATA_DIR/keys/. Changing it changes every ref: see docs/SECURITY.md before you do.
  EXPORT_SUBJECT_KEY: z
    .string()
    .default('')
    .refine((v) => v.trim() === '' || v.trim().length >= EXPORT_SUBJECT_KEY_MIN_LENGTH, `must be at least ${EXPORT_SUBJECT_KEY_MIN_LENGTH} characters`),
  // The address people reach the bot's pages at (for the "my copy" printable page link). Optional.
  PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url('must be a URL like https://chat.example.org').optional()),
  // How many reverse proxies in front of the bot add to X-Forwarded-For ("true" means one). The visitor's
  // address is that many entries from the right: the ones a visitor writes themselves are to the left.
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => ['', 'true', 'false'].includes(v) || /^\d{1,2}$/.test(v), 'must be a number of proxies (0, 1, 2...) or true/false')
    .transform((v) => (v === 'true' ? 1 : v === 'false' || v === '' ? 0 : Number(v))),
  // Local mode only. "anywhere": /api/messages also takes unsigned requests from other machines (never do
  // this on a public address); default: from this machine only, and never through a proxy.
  LOCAL_MESSAGES_FROM: z
    .enum(['loopback', 'anywhere', ''])
    .default('')
    .transform((v) => (v === 'anywhere' ? 'anywhere' : 'loopback')),
  // Development only (the Agents Playground): unsigned msteams requests from this machine count as Teams,
  // so practitioner commands run without a Teams token, and replies go to a loopback serviceUrl.
  DEV_UNSIGNED_TEAMS: z.enum(['loopback', '']).default(''),
});
export type Env = z.infer<typeof Env>;

export interface AppConfig {
  env: Env;
  organisation: OrganisationFile;
  /** True when no app id is set and NODE_ENV is not production: anonymous local mode. */
  localMode: boolean;
  /** The keys for encryption at rest; undefined when DATA_KEYS is not set (allowed outside production only). */
  keyring?: Keyring;
}

/** Turns the first zod issue into `where: path: what is wrong`. */
function describeIssue(where: string, error: z.ZodError): string {
  return formatZodIssue(where, error);
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`setting ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export function loadOrganisation(file: string): OrganisationFile {
  return readYamlFile(file, OrganisationFile, (m) => new ConfigError(m), { describe: describeIssue });
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = loadEnv(source);
  const organisation = loadOrganisation(path.resolve(env.ORGANISATION_FILE));
  const localMode = env.MicrosoftAppId === '' && env.NODE_ENV !== 'production';
  if (env.MicrosoftAppId === '' && env.NODE_ENV === 'production') {
    throw new ConfigError('setting MicrosoftAppId: must be set when NODE_ENV is production (anonymous mode is for local use only)');
  }
  if (env.DEV_UNSIGNED_TEAMS && !localMode) {
    throw new ConfigError('setting DEV_UNSIGNED_TEAMS: only for local development (no MicrosoftAppId, NODE_ENV not production); remove it');
  }
  if (env.DEV_UNSIGNED_TEAMS && env.LOCAL_MESSAGES_FROM === 'anywhere') {
    throw new ConfigError('setting DEV_UNSIGNED_TEAMS: cannot be used with LOCAL_MESSAGES_FROM=anywhere (anyone could act as a practitioner)');
  }
  const keyring = loadKeyring(env);
  if (env.NODE_ENV === 'production' && !env.EXPORT_SUBJECT_KEY.trim()) throw new ConfigError(missingInProduction);
  return { env, organisation, localMode, keyring };
}

/** DATA_KEYS as a keyring. Production refuses to run without one: free text must not be stored in the clear. */
export function loadKeyring(env: Pick<Env, 'DATA_KEYS' | 'NODE_ENV'>): Keyring | undefined {
  if (!env.DATA_KEYS.trim()) {
    if (env.NODE_ENV === 'production') {
      throw new ConfigError(
        'setting DATA_KEYS: must be set when NODE_ENV is production, so free text is encrypted at rest (make a key with: npm run rotate-keys -- --new-key k1)',
      );
    }
    return undefined;
  }
  try {
    return parseKeyring(env.DATA_KEYS);
  } catch (err) {
    if (err instanceof KeyringError) throw new ConfigError(`setting DATA_KEYS: ${err.message}`);
    throw err;
  }
}

/** The slice of the organisation file the pure engine sees. */
export function organisationView(org: OrganisationFile): OrganisationView {
  return {
    name: org.name,
    botName: org.botName,
    privacyNoticeUrl: org.privacyNotice.url,
    privacyNoticeVersion: org.privacyNotice.version,
    safetyContacts: org.safetyContacts.contacts,
    safetyContactsForKinds: org.safetyContacts.forKinds,
    maxTextLength: org.maxTextLength,
    retentionDays: org.retentionDays,
    followUpDays: org.followUpDays,
    privacyNoticeText: org.privacyNotice.text,
    safeguardingPassOn: org.safeguarding.policy.passOnUnshared,
    safeguardingTellPerson: org.safeguarding.policy.tellPerson,
    conversationDepth: org.conversationDepth,
  };
}
