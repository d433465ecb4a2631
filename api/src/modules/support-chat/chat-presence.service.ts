import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatSide } from './chat.rules';

/**
 * Records that `userId` holds a live chat subscription now (a heartbeat), on the database clock so every
 * instance compares the same time.
 */
export async function touchPresence(em: EntityManager, userId: string, side: ChatSide): Promise<void> {
  await em.execute(
    `INSERT INTO chat_presence (user_id, side, seen_at) VALUES (?, ?, now())
       ON CONFLICT (user_id) DO UPDATE SET side = excluded.side, seen_at = excluded.seen_at`,
    [userId, side],
  );
}

/** Whether any active agent was seen live within the last `windowSeconds` (CHAT_PRESENCE_SECONDS). */
export async function agentsOnline(em: EntityManager, windowSeconds: number): Promise<boolean> {
  const rows = await em.execute(
    `SELECT 1 FROM chat_presence p JOIN app_user u ON u.id = p.user_id
      WHERE p.side = ? AND u.active AND p.seen_at > now() - make_interval(secs => ?) LIMIT 1`,
    [ChatSide.AGENT, windowSeconds],
  );
  return rows.length > 0;
}

/** Whether `userId` was seen live in the chat within the last `windowSeconds`. */
export async function userOnline(em: EntityManager, userId: string, windowSeconds: number): Promise<boolean> {
  const rows = await em.execute(
    'SELECT 1 FROM chat_presence WHERE user_id = ? AND seen_at > now() - make_interval(secs => ?)',
    [userId, windowSeconds],
  );
  return rows.length > 0;
}
