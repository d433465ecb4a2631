import { useFetcher } from '@remix-run/react';
import { useEffect, useId } from 'react';
import { useT } from '../i18n/i18n';

/** Wait after the last keystroke before asking for FAQ suggestions (ms). */
const SUGGEST_DELAY_MS = 300;
/** Fewer characters than this ask for nothing (too little to match on). */
const MIN_TEXT = 3;
/** The most text sent to `/faq/suggestions` (the API's `faqSuggestions` takes up to 500 characters). */
const MAX_TEXT = 500;

interface Suggestion {
  id: string;
  question: string;
  answer: string;
}

/**
 * The published FAQ entries that may already answer what the customer is typing (a new ticket, a chat message),
 * fetched from the `/faq/suggestions` resource route a moment after they stop typing, each with its answer inline,
 * and announced politely to screen readers. A help only: it never blocks the form it sits in. `level` is the level
 * of its heading in the surrounding page (2 in a page, 3 inside the chat panel).
 */
export function FaqSuggestions({ text, level = 2, className }: { text: string; level?: 2 | 3; className?: string }) {
  const t = useT();
  const titleId = useId();
  const fetcher = useFetcher<{ suggestions: Suggestion[] }>();
  const { load } = fetcher;
  const asked = text.trim().length >= MIN_TEXT;
  useEffect(() => {
    if (!asked) return;
    const timer = setTimeout(() => load(`/faq/suggestions?text=${encodeURIComponent(text.slice(0, MAX_TEXT))}`), SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
  }, [asked, text, load]);
  const suggestions = asked ? (fetcher.data?.suggestions ?? []) : [];
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={titleId} aria-live="polite" className={className ? `faq-suggestions ${className}` : 'faq-suggestions'}>
      {suggestions.length > 0 ? (
        <>
          <Heading id={titleId}>{t('faq.suggestions')}</Heading>
          <ul>
            {suggestions.map((s) => (
              <li key={s.id}>
                <details>
                  <summary>{s.question}</summary>
                  <p>{s.answer}</p>
                </details>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Heading id={titleId} className="visually-hidden">{t('faq.suggestions')}</Heading>
      )}
    </section>
  );
}
