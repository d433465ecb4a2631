import { useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n';

/** The form's main button; says it is sending while the action runs. */
export function Submit({ children, name, value, secondary }: { children: ReactNode; name?: string; value?: string; secondary?: boolean }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && (!name || navigation.formData?.get(name) === value);
  return (
    <button type="submit" name={name} value={value} className={secondary ? 'button secondary' : 'button'} aria-disabled={busy || undefined}>
      {busy ? t('form.sending') : children}
    </button>
  );
}
