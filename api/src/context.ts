import type { EntityManager } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import type { App } from './app';
import type { LiveChannel } from './events/event-stream';
import type { Permission } from './modules/identity/permission';
import type { User } from './modules/identity/user.entity';
import type { Loaders } from './shared/loaders';

/**
 * Who is calling: the signed-in user, their customer id (customers only) and effective permissions. A caller
 * with an API key acts as the key's user (see ApiKey) with the key's role's permissions.
 */
export interface Principal {
  user: User;
  /** The sign-in session of the access token (see Session); null for an API key. */
  sessionId: string | null;
  /** The API key the caller used, if any. */
  apiKeyId?: string | null;
  customerId: string | null;
  permissions: ReadonlySet<Permission>;
}

/** Re-reads a long-lived connection's principal from its token, at most once per event for the whole connection. */
export interface PrincipalSource {
  /** The principal now, or null once it is gone (the connection is then being closed). */
  principalAt(eventId: string): Promise<Principal | null>;
  /** The principal now, read fresh (not shared with other subscriptions), e.g. once per page of replayed events. */
  current(): Promise<Principal | null>;
}

/** Built per HTTP request and per WebSocket operation: its own EntityManager fork and DataLoaders. */
export interface Context {
  app: App;
  em: EntityManager;
  principal: Principal | null;
  loaders: Loaders;
  requestId: string;
  ip: string | null;
  /** Present on WebSocket operations: the connection's principal as it is now (see `WsSession`). */
  session?: PrincipalSource;
  /** Present on WebSocket subscriptions: delivers their live events straight to the socket (see `eventStream`). */
  live?: LiveChannel;
  /** Present on HTTP requests: sign-in sets the httpOnly cookies through it. */
  res?: Response;
}
