import type { App } from '../../app';
import type { JobDefinition } from '../../jobs/jobs';
import { sweepUnansweredChats } from './chat.service';

/** Name for `app.jobs.runNow(...)`. */
export const CHAT_UNANSWERED_SWEEP = 'chat-unanswered-sweep';

/**
 * Tells customers whose chat waits past `supportChatAnswerMinutes` (or while no agent is online) that nobody
 * answers, firing CHAT_UNANSWERED once per conversation; four times per sweep period (every 15 s with the
 * default SWEEP_INTERVAL_SECONDS of 60: the answer time is counted in minutes), once across instances.
 */
export function chatUnansweredSweepJob(app: App): JobDefinition {
  return {
    name: CHAT_UNANSWERED_SWEEP,
    everySeconds: Math.max(1, Math.round(app.config.sweepIntervalSeconds / 4)),
    run: async () => void (await sweepUnansweredChats({ em: app.orm.em.fork(), app })),
  };
}
