import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatSide } from './chat.rules';

/**
 * Records that the users of `beats` hold a live chat subscription now (heartbeats), in one statement, on the
 * database clock so every instance compares the same time.
 */
export async function touchPresence(em: EntityManager, beats: ReadonlyMap<string, ChatSide>): Promise<void> {
  if (beats.size === 0) return;
  await em.execute(
    `INSERT INTO chat_presence (user_id, side, seen_at)
       SELECT b.user_id, b.side::chat_side, now() FROM unnest(?::uuid[], ?::text[]) AS b (user_id, side)
       ON CONFLICT (user_id) DO UPDATE SET side = excluded.side, seen_at = excluded.seen_at`,
    [`{${[...beats.keys()].join(',')}}`, `{${[...beats.values()].join(',')}}`],
  );
}

/** How long heartbeats wait to be written together: far inside CHAT_PRESENCE_SECONDS. */
const BEAT_BATCH_MS = 1000;

/**
 * An instance's chat heartbeats, written together: a thousand live chats beat a few dozen times a second,
 * one upsert a second carries them all. A beat lost to a database fault or a shutdown is harmless (the next
 * one, a third of the presence window later, counts).
 */
export class PresenceBeats {
  private pending = new Map<string, ChatSide>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly fork: () => EntityManager, private readonly onError: (err: unknown) => void) {}

  /** `userId` is live in the chat on `side`; written within BEAT_BATCH_MS. */
  beat(userId: string, side: ChatSide): void {
    this.pending.set(userId, side);
    this.timer ??= setTimeout(() => void this.flush(), BEAT_BATCH_MS).unref();
  }

  /** Writes the beats queued so far now. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const beats = this.pending;
    this.pending = new Map();
    await touchPresence(this.fork(), beats).catch(this.onError);
  }
}

/**
 * SQL boolean: whether any active agent was seen live within the last `windowSeconds` seconds, given as the
 * placeholder `windowParam` (e.g. `$7`); on the database clock, as heartbeats are written.
 */
export function agentsOnlineSql(windowParam: string): string {
  return `EXISTS (SELECT 1 FROM chat_presence p JOIN app_user u ON u.id = p.user_id
      WHERE p.side = '${ChatSide.AGENT}' AND u.active AND p.seen_at > now() - make_interval(secs => ${windowParam}))`;
}

/** Whether any active agent was seen live within the last `windowSeconds` (CHAT_PRESENCE_SECONDS). */
export async function agentsOnline(em: EntityManager, windowSeconds: number): Promise<boolean> {
  const [row] = await em.execute<{ online: boolean }[]>(`SELECT ${agentsOnlineSql('?')} AS online`, [windowSeconds]);
  return row?.online === true;
}

/** Whether `userId` was seen live in the chat within the last `windowSeconds`. */
export async function userOnline(em: EntityManager, userId: string, windowSeconds: number): Promise<boolean> {
  const rows = await em.execute(
    'SELECT 1 FROM chat_presence WHERE user_id = ? AND seen_at > now() - make_interval(secs => ?)',
    [userId, windowSeconds],
  );
  return rows.length > 0;
}
