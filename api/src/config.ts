import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Repository root (three levels above api/src or api/dist/api/src). */
export const repoRoot = resolve(__dirname, __dirname.includes(`${join('api', 'dist')}`) ? '../../../..' : '../..');

/** Everything the API reads from the environment, with the defaults `npm start` uses on a fresh machine. */
export interface Config {
  /** PostgreSQL connection; when unset, `npm start` runs an embedded server. */
  databaseUrl?: string;
  port: number;
  host: string;
  /** Folder kept between runs (git-ignored): embedded database, uploads, dev secrets. */
  dataDir: string;
  embeddedPostgresPort: number;
  /** HS256 key for access tokens. */
  jwtSecret: string;
  accessTokenSeconds: number;
  refreshTokenDays: number;
  secureCookies: boolean;
  whatsapp: { transport: 'outbox' } | { transport: 'cloud-api'; token: string; phoneNumberId: string; apiBase: string };
  uploadDir: string;
  /** seed: photos only, 5 MB each unless configured. */
  uploadMaxBytes: number;
  /** How often the deadline and alert sweeps run (seconds). */
  sweepIntervalSeconds: number;
  logLevel: string;
  /** Express `trust proxy` (e.g. `loopback`, `1`, `10.0.0.0/8`): which proxies' X-Forwarded-For gives the client IP. */
  trustProxy: boolean | number | string;
  /** Client IPs exempt from per-IP throttles (per-login and per-phone limits still apply). */
  throttleExemptIps: string[];
  /** argon2 hashes running at once, and waiting beyond them before requests are refused. */
  passwordHashConcurrency: number;
  passwordHashQueue: number;
}

function devSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Reads the configuration; throws on a production set-up that lacks a secret it must not invent. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(env.MORNA_DATA_DIR ?? join(repoRoot, '.data'));
  const production = env.NODE_ENV === 'production';
  if (production && !env.JWT_SECRET) throw new Error('JWT_SECRET is required when NODE_ENV=production');
  const whatsapp: Config['whatsapp'] =
    env.WHATSAPP_TRANSPORT === 'cloud-api'
      ? {
          transport: 'cloud-api',
          token: required(env, 'WHATSAPP_TOKEN'),
          phoneNumberId: required(env, 'WHATSAPP_PHONE_NUMBER_ID'),
          apiBase: env.WHATSAPP_API_BASE ?? 'https://graph.facebook.com/v21.0',
        }
      : { transport: 'outbox' };
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    embeddedPostgresPort: Number(env.EMBEDDED_PG_PORT ?? 54329),
    jwtSecret: env.JWT_SECRET ?? devSecret(dataDir),
    accessTokenSeconds: Number(env.ACCESS_TOKEN_SECONDS ?? 900),
    refreshTokenDays: Number(env.REFRESH_TOKEN_DAYS ?? 30),
    secureCookies: production,
    whatsapp,
    uploadDir: resolve(env.UPLOAD_DIR ?? join(dataDir, 'uploads')),
    uploadMaxBytes: Number(env.UPLOAD_MAX_BYTES ?? 5 * 1024 * 1024),
    sweepIntervalSeconds: Number(env.SWEEP_INTERVAL_SECONDS ?? 60),
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    throttleExemptIps: (env.THROTTLE_EXEMPT_IPS ?? '').split(',').map((ip) => ip.trim()).filter(Boolean),
    passwordHashConcurrency: Number(env.PASSWORD_HASH_CONCURRENCY ?? 1),
    passwordHashQueue: Number(env.PASSWORD_HASH_QUEUE ?? 8),
    ...overrides,
  };
}

/** `true`/`false`, a hop count, or Express's address list (`loopback, 10.0.0.0/8`); unset means no proxy. */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required for this configuration`);
  return value;
}
