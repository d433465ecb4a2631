import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { documentLimits } from './graphql/limits';
import { ANVIL_DEV_PRIVATE_KEY } from './chain/anvil';
import type { ChainSettings } from './chain/chain-gateway';

/** Repository root (three levels above api/src or api/dist/api/src). */
export const repoRoot = resolve(__dirname, __dirname.includes(`${join('api', 'dist')}`) ? '../../../..' : '../..');

/**
 * The trusted documents manifests `npm run codegen` writes (graphql-codegen client preset,
 * `persistedDocuments`, sha256): one JSON object per first-party client, document id (hex sha256 of the
 * text) → document text: the portal's server operations, the portal's browser subscriptions, and the
 * back-office's operations.
 */
export const firstPartyManifests = [
  join(repoRoot, 'portal', 'app', 'graphql', 'generated', 'persisted-documents.json'),
  join(repoRoot, 'portal', 'app', 'live', 'generated', 'persisted-documents.json'),
  join(repoRoot, 'backoffice', 'src', 'graphql', 'generated', 'persisted-documents.json'),
];

/** Everything the API reads from the environment, with the defaults `npm start` uses on a fresh machine. */
export interface Config {
  /** PostgreSQL connection; when unset, `npm start` runs an embedded server. */
  databaseUrl?: string;
  port: number;
  host: string;
  /** Folder kept between runs (git-ignored): embedded database, uploads, dev secrets. */
  dataDir: string;
  embeddedPostgresPort: number;
  /** shared_buffers of the embedded server in MB (EMBEDDED_PG_SHARED_BUFFERS_MB); unset: a quarter of the memory, 128 MB–4 GB. */
  embeddedPostgresSharedBuffersMb?: number;
  /** HS256 key for access tokens. */
  jwtSecret: string;
  accessTokenSeconds: number;
  refreshTokenDays: number;
  secureCookies: boolean;
  whatsapp: { transport: 'outbox' } | { transport: 'cloud-api'; token: string; phoneNumberId: string; apiBase: string };
  uploadDir: string;
  /** seed: photos only, 5 MB each unless configured. */
  uploadMaxBytes: number;
  /** Largest image accepted, in pixels (width × height): bounds the memory a decompression bomb can take. */
  uploadMaxPixels: number;
  /** Per user, over the last 24 hours: how many uploads, and how many stored bytes. */
  uploadDailyCount: number;
  uploadDailyBytes: number;
  /** How often the deadline and alert sweeps run (seconds). */
  sweepIntervalSeconds: number;
  /** A claim on a work item lapses after this long without activity by its holder (CLAIM_IDLE_MINUTES, minutes). */
  claimIdleMinutes: number;
  logLevel: string;
  /** GraphQL edge settings; each defaults to off with NODE_ENV=production and on otherwise. */
  graphql: {
    /** Schema introspection over HTTP and WebSocket (GRAPHQL_INTROSPECTION). */
    introspection: boolean;
    /** "Did you mean …?" hints in validation errors (GRAPHQL_SUGGESTIONS). */
    suggestions: boolean;
    /** Apollo's Sandbox landing page on GET /graphql from a browser (GRAPHQL_LANDING_PAGE). */
    landingPage: boolean;
    /** Wall-clock budget of one operation (or one subscription event), ms (GRAPHQL_TIME_BUDGET_MS). */
    timeBudgetMs: number;
    /** Highest estimated cost of one operation (GRAPHQL_MAX_COST; see graphql/limits.ts). */
    maxCost: number;
  };
  /**
   * Express `trust proxy` (e.g. `loopback`, `1`, `10.0.0.0/8`): which proxies' X-Forwarded-For gives the client IP.
   * Loopback by default: the portal, served by this process, calls the API over loopback naming its visitor.
   */
  trustProxy: boolean | number | string;
  /** Client IPs exempt from per-IP throttles (per-login and per-phone limits still apply). */
  throttleExemptIps: string[];
  /** argon2 hashes running at once, and waiting beyond them before requests are refused. */
  passwordHashConcurrency: number;
  passwordHashQueue: number;
  /** How often the event relay looks for committed events without a NOTIFY (seconds); NOTIFY wakes it at once. */
  eventPollSeconds: number;
  /** Events older than this are pruned; a subscription cursor older than the oldest kept event is refused (hours). */
  eventRetentionHours: number;
  /** Browser origins allowed to open a WebSocket (a request without Origin, from a non-browser client, passes). */
  appOrigins: string[];
  /** WebSocket connections one user may hold at once. */
  wsMaxConnectionsPerUser: number;
  /** WebSocket connections one IP address may hold at once (before sign-in is known). */
  wsMaxConnectionsPerIp: number;
  /** Subscriptions open at once on one WebSocket connection. */
  wsMaxSubscriptionsPerConnection: number;
  /** Where the portal's server sends its GraphQL requests (API_URL); by default this API's own address. */
  apiUrl?: string;
  /** Key that signs the portal's session cookie (PORTAL_SESSION_SECRET); required with NODE_ENV=production. */
  portalSessionSecret?: string;
  /** The business's WhatsApp number customers write to (BUSINESS_WHATSAPP, E.164), shown on the portal's support page. */
  businessWhatsapp: string;
  /**
   * Who may read Prometheus metrics at `/metrics`: with METRICS_TOKEN, callers sending
   * `Authorization: Bearer <token>`; without it, loopback callers in development and nobody in production.
   */
  metrics: { token?: string; production: boolean };
  /** API keys for third parties (issue 8). */
  apiKeys: {
    /** HMAC key the key secrets are hashed under (API_KEY_PEPPER); required with NODE_ENV=production. */
    pepper: string;
    /** Limits of a key created without its own (API_KEY_REQUESTS_PER_MINUTE, API_KEY_REQUESTS_PER_DAY). */
    defaultRequestsPerMinute: number;
    defaultRequestsPerDay: number;
  };
  /** Trusted documents (persisted queries) of the first-party apps; see graphql/trusted-documents.ts. */
  trustedDocuments: {
    /**
     * First-party requests (session cookies, the apps' origins, the portal's server) must name a known
     * document id (TRUSTED_DOCUMENTS=enforce|allow; enforce by default with NODE_ENV=production).
     */
    enforce: boolean;
    /** Manifests to load: the built apps', then those of TRUSTED_DOCUMENTS_EXTRA_MANIFESTS (comma-separated paths, e.g. the previous release's during a rolling deploy). */
    manifests: string[];
  };
  /** Outbound signed webhooks (WEBHOOK_*); see modules/webhooks. */
  webhooks: WebhookConfig;
  /**
   * How long one instance keeps an access token's principal in memory (PRINCIPAL_CACHE_SECONDS, 0 = never):
   * a bound on revocation for a change whose NOTIFY was lost, the usual case being immediate (auth/principal-cache).
   */
  principalCacheSeconds: number;
  // Several instances on one database (issue 8): what one instance opens in PostgreSQL, and sweep periods.
  /** Connections of this instance's query pool (DATABASE_POOL_MAX); LISTEN and job-queue connections come on top. */
  databasePoolMax: number;
  /** How often delivered events past EVENT_RETENTION_HOURS are pruned (EVENT_PRUNE_SECONDS), once across all instances. */
  eventPruneSeconds: number;
  // Support chat (issue 10).
  /** A chat participant counts as online this long after the last heartbeat of their live subscription (CHAT_PRESENCE_SECONDS). */
  chatPresenceSeconds: number;
  // Traceability (issue 9): the EVM chain anchors are written to.
  /** CHAIN_* and ANCHOR_* settings; see ChainSettings. Without CHAIN_RPC_URL, `npm start` runs a local anvil. */
  chain: ChainSettings;
  /** Port of the local anvil `npm start` runs when CHAIN_RPC_URL is unset (ANVIL_PORT). */
  anvilPort: number;
  // Traceability labels (issue 9).
  /** Base URL of the public portal that QR codes link to (PUBLIC_PORTAL_URL); by default this server's own address. */
  publicPortalUrl?: string;
}

/** How webhook deliveries are sent, retried and given up on. */
export interface WebhookConfig {
  /** How long one POST may take before it counts as failed (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Attempts per delivery before it is marked FAILED (WEBHOOK_MAX_ATTEMPTS); a replay starts a new round. */
  maxAttempts: number;
  /** First retry delay; doubled per attempt, with jitter, up to `retryMaxMs` (WEBHOOK_RETRY_BASE_MS, WEBHOOK_RETRY_MAX_MS). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** An endpoint is disabled after this many failed attempts in a row (WEBHOOK_DISABLE_AFTER_FAILURES)… */
  disableAfterFailures: number;
  /** …or after failing without a success for this long (WEBHOOK_DISABLE_AFTER_HOURS). */
  disableAfterHours: number;
  /** How often the dispatcher looks for new events and due retries without being woken (WEBHOOK_POLL_MS). */
  pollMs: number;
  /** Whether endpoints may point at loopback addresses (WEBHOOK_ALLOW_LOOPBACK; default on outside production). */
  allowLoopback: boolean;
  /** Whether endpoints may point at private, link-local or other non-public addresses (WEBHOOK_ALLOW_PRIVATE; default off). */
  allowPrivate: boolean;
}

/** The portal and back-office development servers (Remix/Vite on 5173/5174, classic Remix on 3000/3001). */
const devAppOrigins = [3000, 3001, 5173, 5174].flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`]);

function devSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
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
  if (production && !env.API_KEY_PEPPER) throw new Error('API_KEY_PEPPER is required when NODE_ENV=production');
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
    port: int(env, 'PORT', 4000, 0),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    embeddedPostgresPort: int(env, 'EMBEDDED_PG_PORT', 54329),
    embeddedPostgresSharedBuffersMb: env.EMBEDDED_PG_SHARED_BUFFERS_MB ? int(env, 'EMBEDDED_PG_SHARED_BUFFERS_MB', 128, 16) : undefined,
    jwtSecret: env.JWT_SECRET ?? devSecret(dataDir, 'jwt-secret'),
    accessTokenSeconds: int(env, 'ACCESS_TOKEN_SECONDS', 900),
    refreshTokenDays: int(env, 'REFRESH_TOKEN_DAYS', 30),
    secureCookies: production,
    whatsapp,
    uploadDir: resolve(env.UPLOAD_DIR ?? join(dataDir, 'uploads')),
    uploadMaxBytes: int(env, 'UPLOAD_MAX_BYTES', 5 * 1024 * 1024),
    uploadMaxPixels: int(env, 'UPLOAD_MAX_PIXELS', 50_000_000),
    uploadDailyCount: int(env, 'UPLOAD_DAILY_COUNT', 100),
    uploadDailyBytes: int(env, 'UPLOAD_DAILY_BYTES', 200 * 1024 * 1024),
    sweepIntervalSeconds: int(env, 'SWEEP_INTERVAL_SECONDS', 60),
    claimIdleMinutes: int(env, 'CLAIM_IDLE_MINUTES', 30),
    logLevel: env.LOG_LEVEL ?? 'info',
    graphql: {
      introspection: flag(env, 'GRAPHQL_INTROSPECTION', !production),
      suggestions: flag(env, 'GRAPHQL_SUGGESTIONS', !production),
      landingPage: flag(env, 'GRAPHQL_LANDING_PAGE', !production),
      timeBudgetMs: int(env, 'GRAPHQL_TIME_BUDGET_MS', 5000),
      maxCost: int(env, 'GRAPHQL_MAX_COST', documentLimits.maxCost),
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    throttleExemptIps: (env.THROTTLE_EXEMPT_IPS ?? '').split(',').map((ip) => ip.trim()).filter(Boolean),
    passwordHashConcurrency: int(env, 'PASSWORD_HASH_CONCURRENCY', 1),
    passwordHashQueue: int(env, 'PASSWORD_HASH_QUEUE', 8, 0),
    eventPollSeconds: int(env, 'EVENT_POLL_SECONDS', 5),
    eventRetentionHours: int(env, 'EVENT_RETENTION_HOURS', 168),
    appOrigins: env.APP_ORIGINS ? env.APP_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : devAppOrigins,
    wsMaxConnectionsPerUser: int(env, 'WS_MAX_CONNECTIONS_PER_USER', 5),
    wsMaxConnectionsPerIp: int(env, 'WS_MAX_CONNECTIONS_PER_IP', 50),
    wsMaxSubscriptionsPerConnection: int(env, 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 10),
    apiUrl: env.API_URL?.replace(/\/+$/, '') || undefined,
    portalSessionSecret: env.PORTAL_SESSION_SECRET ?? (production ? undefined : devSecret(dataDir, 'portal-session-secret')),
    businessWhatsapp: e164(env, 'BUSINESS_WHATSAPP', DEMO_BUSINESS_WHATSAPP),
    metrics: { token: env.METRICS_TOKEN || undefined, production },
    apiKeys: {
      pepper: env.API_KEY_PEPPER ?? devSecret(dataDir, 'api-key-pepper'),
      defaultRequestsPerMinute: int(env, 'API_KEY_REQUESTS_PER_MINUTE', 60),
      defaultRequestsPerDay: int(env, 'API_KEY_REQUESTS_PER_DAY', 10_000),
    },
    trustedDocuments: {
      enforce: trustedDocumentsMode(env.TRUSTED_DOCUMENTS, production),
      manifests: [...firstPartyManifests, ...(env.TRUSTED_DOCUMENTS_EXTRA_MANIFESTS ?? '').split(',').map((f) => f.trim()).filter(Boolean).map((f) => resolve(f))],
    },
    webhooks: {
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000),
      maxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 8),
      retryBaseMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 30_000),
      retryMaxMs: int(env, 'WEBHOOK_RETRY_MAX_MS', 6 * 3_600_000),
      disableAfterFailures: int(env, 'WEBHOOK_DISABLE_AFTER_FAILURES', 20),
      disableAfterHours: int(env, 'WEBHOOK_DISABLE_AFTER_HOURS', 24),
      pollMs: int(env, 'WEBHOOK_POLL_MS', 1000),
      allowLoopback: flag(env, 'WEBHOOK_ALLOW_LOOPBACK', !production),
      allowPrivate: flag(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    },
    principalCacheSeconds: int(env, 'PRINCIPAL_CACHE_SECONDS', 5, 0),
    databasePoolMax: int(env, 'DATABASE_POOL_MAX', 10),
    eventPruneSeconds: int(env, 'EVENT_PRUNE_SECONDS', 3600),
    // Support chat (issue 10).
    chatPresenceSeconds: int(env, 'CHAT_PRESENCE_SECONDS', 45),
    chain: chainSettings(env, production),
    anvilPort: int(env, 'ANVIL_PORT', 8545),
    publicPortalUrl: env.PUBLIC_PORTAL_URL?.trim() || undefined,
    ...overrides,
  };
}

/**
 * The chain settings. In production the signer key must be given (CHAIN_PRIVATE_KEY); elsewhere anvil's first
 * development account signs, which every anvil chain funds.
 */
function chainSettings(env: NodeJS.ProcessEnv, production: boolean): ChainSettings {
  if (production && !env.CHAIN_PRIVATE_KEY) throw new Error('CHAIN_PRIVATE_KEY is required when NODE_ENV=production');
  const key = env.CHAIN_PRIVATE_KEY?.trim() || ANVIL_DEV_PRIVATE_KEY;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new Error('CHAIN_PRIVATE_KEY must be 0x and 64 hex digits');
  const address = env.CHAIN_CONTRACT_ADDRESS?.trim() || undefined;
  if (address && !/^0x[0-9a-fA-F]{40}$/.test(address)) throw new Error(`CHAIN_CONTRACT_ADDRESS must be 0x and 40 hex digits, not "${address}"`);
  return {
    rpcUrl: env.CHAIN_RPC_URL?.trim() || undefined,
    privateKey: key,
    contractAddress: address,
    confirmations: int(env, 'CHAIN_CONFIRMATIONS', production ? 12 : 1),
    batchSize: int(env, 'ANCHOR_BATCH_SIZE', 1000),
    intervalMs: int(env, 'ANCHOR_INTERVAL_MS', 2000),
    retryBaseMs: int(env, 'ANCHOR_RETRY_BASE_MS', 5000),
    retryMaxMs: int(env, 'ANCHOR_RETRY_MAX_MS', 15 * 60_000),
    reorgWindowBlocks: int(env, 'ANCHOR_REORG_WINDOW', 64),
    rpcTimeoutMs: int(env, 'CHAIN_RPC_TIMEOUT_MS', 10_000),
  };
}

/**
 * A whole number of at least `min` (1 unless told); anything else is a configuration mistake worth stopping
 * for: a limit read as NaN would silently switch itself off.
 */
function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, not "${env[name]}"`);
  return value;
}

/** `true`/`1` or `false`/`0`; anything else is a configuration mistake worth stopping for. */
function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`${name} must be true or false, not "${env[name]}"`);
}

/** `true`/`false`, a hop count, or Express's address list (`loopback, 10.0.0.0/8`); unset means loopback only. */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value) return 'loopback';
  if (value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** `enforce` or `allow`; unset means enforce in production only. */
function trustedDocumentsMode(value: string | undefined, production: boolean): boolean {
  const mode = value?.trim().toLowerCase();
  if (!mode) return production;
  if (mode === 'enforce') return true;
  if (mode === 'allow') return false;
  throw new Error(`TRUSTED_DOCUMENTS must be enforce or allow, not "${value}"`);
}

/** The demo business's WhatsApp number (a Venezuelan mobile), until BUSINESS_WHATSAPP names the real one. */
const DEMO_BUSINESS_WHATSAPP = '+584125550100';

/** A phone number in E.164 (`+` and 8–15 digits; spaces and dashes ignored); anything else stops the start. */
function e164(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.replace(/[\s-]/g, '');
  if (!raw) return fallback;
  if (!/^\+[1-9]\d{7,14}$/.test(raw)) throw new Error(`${name} must be a phone number in E.164 (+58412…), not "${env[name]}"`);
  return raw;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required for this configuration`);
  return value;
}
