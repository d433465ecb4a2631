import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { EventHub } from './events/event-hub';
import type { EventRelay } from './events/event-relay';
import type { Jobs } from './jobs/jobs';
import type { PasswordHasher } from './modules/identity/passwords';
import type { Throttle } from './modules/identity/throttle';
import type { Metrics } from './observability/metrics';
import type { WebhookDispatcher } from './modules/webhooks/webhook-dispatcher';
import type { PrincipalCache } from './auth/principal-cache';
import type { ChatTyping } from './modules/support-chat/chat-typing';
import type { Anchorer } from './modules/traceability/anchoring.service';

/** The long-lived parts of a running API instance, shared by every request. */
export interface App {
  config: Config;
  orm: MikroORM;
  log: Logger;
  hub: EventHub;
  relay: EventRelay;
  jobs: Jobs;
  /** Limits on sign-in, sign-up, verification and password reset (PostgreSQL-backed). */
  throttle: Throttle;
  /** Queued argon2 work of requests. */
  passwords: PasswordHasher;
  /** Prometheus metrics of this instance (served at `/metrics`). */
  metrics: Metrics;
  /** Fans domain events out to webhook endpoints and sends the deliveries. */
  webhooks: WebhookDispatcher;
  /** Principals of access tokens kept in memory; `forgetUser` after this instance changes a user or session. */
  principals: PrincipalCache;
  /** Support chat typing indicators across instances (NOTIFY; issue 10). */
  chatTyping: ChatTyping;
  /** The traceability anchoring outbox and its chain connection (issue 9). */
  anchorer: Anchorer;
  /** Base URL of the public portal in QR links: PUBLIC_PORTAL_URL, or this server's address once listening (issue 9). */
  portalUrl: () => string;
}
