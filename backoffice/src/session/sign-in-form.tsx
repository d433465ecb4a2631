import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../graphql/generated';
import { useI18n } from '../i18n/i18n';
import { refusalOf } from '../lib/refusal';

const SignIn = graphql(`
  mutation BackofficeSignIn($input: SignInInput!) { signIn(input: $input) { user { id kind } } }
`);
const SignOutCustomer = graphql(`
  mutation BackofficeSignOutCustomer { signOut }
`);

/**
 * Username (or email) and password. The API answers with httpOnly cookies; only the user's id and kind are
 * asked for, so no token ever reaches this page's scripts. A customer account is signed out at once and told
 * in plain words that the back-office is for staff.
 */
export function SignInForm({ onSignedIn, headingLevel }: { onSignedIn: () => Promise<void>; headingLevel: 'h1' | 'h2' }) {
  const { t, locale } = useI18n();
  const [signIn] = useMutation(SignIn);
  const [signOut] = useMutation(SignOutCustomer);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const ids = { title: useId(), login: useId(), password: useId(), problem: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!login.trim() || !password) {
      setProblem(t('form.required'));
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      const { data } = await signIn({ variables: { input: { login: login.trim(), password } } });
      if (data?.signIn.user.kind !== 'STAFF') {
        await signOut().catch(() => undefined);
        setProblem(t('signIn.customerAccount'));
        return;
      }
      setPassword('');
      await onSignedIn();
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
    } finally {
      setSending(false);
    }
  };

  const Heading = headingLevel;
  return (
    <form className="sign-in" onSubmit={submit} noValidate aria-labelledby={ids.title} aria-describedby={problem ? ids.problem : undefined}>
      <Heading id={ids.title}>{t('signIn.title')}</Heading>
      <p>{t('signIn.intro')}</p>
      <div className="field">
        <label htmlFor={ids.login}>{t('signIn.login')}</label>
        <input id={ids.login} name="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor={ids.password}>{t('signIn.password')}</label>
        <input id={ids.password} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </div>
      {problem ? (
        <p id={ids.problem} className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={sending}>
        {sending ? t('signIn.sending') : t('signIn.submit')}
      </button>
    </form>
  );
}
