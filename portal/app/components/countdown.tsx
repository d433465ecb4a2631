import { useEffect, useState } from 'react';
import { formatCountdown } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';

/**
 * Time left until `deadline`, ticking every second in the browser (the server renders its own "now"; the
 * first tick corrects any difference). Says plainly when the time is over.
 */
export function Countdown({ deadline }: { deadline: string }) {
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
      {left > 0 ? t('quote.countdown', { left: formatCountdown(locale, left) }) : t('quote.countdownOver')}
    </p>
  );
}
