/**
 * The screen families: loading, «программа не отвечает», first run, login, work. While the
 * session is idle-locked the work screen stays mounted but inert and hidden under the lock dialog:
 * only its clerk's password gives the draft back; ending the session there clears it.
 */
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from './components/FormAlert';
import { Loading } from './components/Loading';
import { ForcedPasswordScreen } from './features/account/ForcedPasswordScreen';
import { LockOverlay } from './features/lock/LockOverlay';
import { AuthLayout } from './features/login/AuthLayout';
import { LoginScreen } from './features/login/LoginScreen';
import { FirstRunScreen } from './features/setup/FirstRunScreen';
import { lazyScreen, ScreenLoadBoundary } from './components/lazy-screen';
import { useSession } from './stores/session';

/**
 * The work screens' shell is not part of the first screen (login, first run): its chunk is fetched
 * once the first screen is shown, so it is there before the clerk has typed the password (issue 18).
 */
const MainLayout = lazyScreen(() => import('./features/shell/MainLayout').then((m) => m.MainLayout));

function Unavailable() {
  const { t } = useTranslation();
  const error = useSession((s) => s.bootError);
  const boot = useSession((s) => s.boot);
  return (
    <AuthLayout>
      <h1>{t('app.bootFailed')}</h1>
      <FormAlert error={error} />
      <div className="form-actions">
        <button type="button" className="button button--primary" autoFocus onClick={() => void boot()}>
          {t('app.retry')}
        </button>
      </div>
    </AuthLayout>
  );
}

export function App() {
  const phase = useSession((s) => s.phase);
  const locked = useSession((s) => s.session?.state === 'locked');
  const mustChangePassword = useSession((s) => s.session?.mustChangePassword === true);
  const shown = phase !== 'loading';
  useEffect(() => {
    // A failed fetch is shown by the boundary when the shell is needed; here it is only early.
    if (shown) MainLayout.preload().catch(() => undefined);
  }, [shown]);

  switch (phase) {
    case 'loading':
      return <Loading />;
    case 'unavailable':
      return <Unavailable />;
    case 'setup':
      return <FirstRunScreen />;
    case 'login':
      return <LoginScreen />;
    case 'ready':
      // The work screens do not mount before the clerk replaced an administrator's password.
      if (mustChangePassword) return <ForcedPasswordScreen />;
      return (
        <>
          <div className="app-root" inert={locked}>
            <ScreenLoadBoundary>
              <Suspense fallback={<Loading />}>
                <MainLayout />
              </Suspense>
            </ScreenLoadBoundary>
          </div>
          {locked && <LockOverlay />}
        </>
      );
  }
}
