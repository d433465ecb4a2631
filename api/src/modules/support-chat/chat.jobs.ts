import type { App } from '../../app';
import type { JobDefinition } from '../../jobs/jobs';
import { sweepUnansweredChats } from './chat.service';

/** Name for `app.jobs.runNow(...)`. */
export const CHAT_UNANSWERED_SWEEP = 'chat-unanswered-sweep';

/**
 * Tells customers whose chat waits past `supportChatAnswerMinutes` (or while no agent is online) that nobody
 * answers, firing CHAT_UNANSWERED once per conversation; every 15 seconds, once across instances.
 */
export function chatUnansweredSweepJob(app: App): JobDefinition {
  return {
    name: CHAT_UNANSWERED_SWEEP,
    everySeconds: 15,
    run: async () => void (await sweepUnansweredChats({ em: app.orm.em.fork(), app })),
  };
}
