/**
 * The screen families: loading, «программа не отвечает», first run, login, work. While the
 * session is idle-locked the work screen stays mounted but inert and hidden under the lock dialog:
 * only its clerk's password gives the draft back; ending the session there clears it.
 */
import { useTranslation } from 'react-i18next';
import { FormAlert } from './components/FormAlert';
import { Loading } from './components/Loading';
import { ForcedPasswordScreen } from './features/account/ForcedPasswordScreen';
import { LockOverlay } from './features/lock/LockOverlay';
import { AuthLayout } from './features/login/AuthLayout';
import { LoginScreen } from './features/login/LoginScreen';
import { FirstRunScreen } from './features/setup/FirstRunScreen';
import { MainLayout } from './features/shell/MainLayout';
import { useSession } from './stores/session';

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
            <MainLayout />
          </div>
          {locked && <LockOverlay />}
        </>
      );
  }
}
