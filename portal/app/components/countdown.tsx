import { useEffect, useState } from 'react';
import { formatCountdown } from '../i18n/format';
import { useLocale, useT, type MessageKey } from '../i18n/i18n';

/**
 * Time left until `deadline`, ticking every second in the browser (the server renders its own "now"; the
 * first tick corrects any difference). Says plainly when the time is over. `running` (with `{left}`) and
 * `over` name the texts; by default those of a quote's response deadline.
 */
export function Countdown({ deadline, running = 'quote.countdown', over = 'quote.countdownOver' }: { deadline: string; running?: MessageKey; over?: MessageKey }) {
  const t = useT();
  const locale = useLocale();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(deadline) - now;
  return (
    <p className="countdown" role="timer" suppressHydrationWarning>
      {left > 0 ? t(running, { left: formatCountdown(locale, left) }) : t(over)}
    </p>
  );
}
