import { useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

/**
 * "Send by WhatsApp": the quote-ready message exactly as the API sent it to the customer in the app, a button
 * that copies it, and a wa.me link that opens WhatsApp with it typed for the customer's phone.
 */
export function WhatsAppPanel({ message }: { message: { text: string; phone: string; whatsAppUrl: string } }) {
  const { t } = useI18n();
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(message.text);
      setCopied('yes');
    } catch {
      // No clipboard permission (e.g. plain http): select the text so Ctrl+C copies it.
      area.current?.select();
      setCopied('no');
    }
  };

  return (
    <section className="whatsapp" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('venezuela.whatsapp.title')}</h2>
      <p className="hint">{t('venezuela.whatsapp.intro', { phone: message.phone })}</p>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('venezuela.whatsapp.message')}</label>
        <textarea id={`${id}-text`} ref={area} readOnly value={message.text} rows={Math.min(12, message.text.split('\n').length + 1)} />
      </div>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          {t('venezuela.whatsapp.copy')}
        </button>
        <a className="button-link" href={message.whatsAppUrl} target="_blank" rel="noopener noreferrer">
          {t('venezuela.whatsapp.open')}
        </a>
        <span role="status">{copied === 'yes' ? t('venezuela.whatsapp.copied') : copied === 'no' ? t('venezuela.whatsapp.copyManually') : ''}</span>
      </div>
    </section>
  );
}
