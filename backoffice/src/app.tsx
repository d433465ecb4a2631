import { ApolloProvider } from '@apollo/client/react';
import { useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { createApolloClient } from './apollo/client';
import { Shell } from './components/shell';
import { I18nProvider, useT } from './i18n/i18n';
import { SessionProvider, useSession } from './session/session';
import { SignInForm } from './session/sign-in-form';
import { workspacesFor } from './workspaces/registry';
import { NotFound } from './components/not-found';

/** The back-office: language, API client and session around the routes of the workspaces the user may open. */
export function App() {
  const client = useMemo(createApolloClient, []);
  return (
    <I18nProvider>
      <ApolloProvider client={client}>
        <SessionProvider loading={<Loading />}>
          <BrowserRouter basename="/backoffice">
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </ApolloProvider>
    </I18nProvider>
  );
}

function AppRoutes() {
  const session = useSession();
  if (!session.staff) return <SignInPage />;
  const allowed = workspacesFor(session.can);
  return (
    // A different person signing in starts from fresh pages.
    <Routes key={session.staff.id}>
      <Route element={<Shell workspaces={allowed} />}>
        <Route index element={allowed[0] ? <Navigate to={`/${allowed[0].path}`} replace /> : <Home />} />
        {allowed.map((w) => (
          <Route key={w.path} path={`${w.path}/*`} element={w.element} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function SignInPage() {
  const session = useSession();
  const t = useT();
  return (
    <main id="main" className="sign-in-page">
      <p className="brand">{t('app.name')}</p>
      <SignInForm headingLevel="h1" onSignedIn={session.signedIn} />
    </main>
  );
}

function Home() {
  const t = useT();
  return (
    <section>
      <h1>{t('home.title')}</h1>
      <p>{t('home.noWorkspace')}</p>
    </section>
  );
}

function Loading() {
  const t = useT();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}
