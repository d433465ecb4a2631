import type { EntityManager } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import type { App } from './app';
import type { Permission } from './modules/identity/permission';
import type { User } from './modules/identity/user.entity';
import type { Loaders } from './shared/loaders';

/** Who is calling: the signed-in user, their customer id (customers only) and effective permissions. */
export interface Principal {
  user: User;
  /** The sign-in session of the access token (see Session). */
  sessionId: string;
  customerId: string | null;
  permissions: ReadonlySet<Permission>;
}

/** Built per HTTP request and per WebSocket operation: its own EntityManager fork and DataLoaders. */
export interface Context {
  app: App;
  em: EntityManager;
  principal: Principal | null;
  loaders: Loaders;
  requestId: string;
  ip: string | null;
  /** Present on HTTP requests: sign-in sets the httpOnly cookies through it. */
  res?: Response;
}
