/** The header: product, office and workstation, the registry and devices, notifications, language, the clerk, and exits. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useSession } from '../../stores/session';
import { ChangePasswordDialog } from '../account/ChangePasswordDialog';
import { DeviceIndicator } from '../devices/DeviceIndicator';
import { NotificationsButton } from '../sync/Notifications';
import { RegistryIndicator } from '../sync/RegistryIndicator';
import { BackupIndicator } from './BackupIndicator';
import { UpdateIndicator } from './UpdateIndicator';

export function Header() {
  const { t } = useTranslation();
  const info = useSession((s) => s.info);
  const session = useSession((s) => s.session);
  const logout = useSession((s) => s.logout);
  const [changingPassword, setChangingPassword] = useState(false);
  const [leaving, setLeaving] = useState(false);

  // Unset until the first run, IT's file or «Настройки» names it: said plainly, not shown blank.
  const workstationLine =
    info?.workstationId === '' ? t('header.workstationUnset') : t('header.workstationLine', { id: info?.workstationId ?? '' });
  return (
    <header className="header">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true" />
        <span className="brand__name">{t('app.name')}</span>
      </div>
      {info && (
        <div className="header__place" title={`${info.officeCode} ${info.officeName} · ${workstationLine}`}>
          <div className="header__office">
            {info.officeCode !== '' && <span className="header__code">{info.officeCode}</span>} {info.officeName}
          </div>
          <div className="header__workstation">{workstationLine}</div>
        </div>
      )}
      <div className="header__status">
        <RegistryIndicator />
        <DeviceIndicator device="reader" />
        <DeviceIndicator device="printer" />
        <BackupIndicator />
        <UpdateIndicator />
      </div>
      <NotificationsButton />
      <LanguageSwitch compact />
      {session && (
        <div className="header__user">
          <div className="header__who" aria-label={t('header.user')} role="group">
            <span className="header__name" title={session.fullName}>
              {session.fullName}
            </span>
            <span className="header__role">{t(`roles.${session.role}`)}</span>
          </div>
          <button type="button" className="button button--quiet" onClick={() => setChangingPassword(true)}>
            {t('header.changePassword')}
          </button>
          <button
            type="button"
            className="button"
            disabled={leaving}
            onClick={() => {
              setLeaving(true);
              void logout().finally(() => setLeaving(false));
            }}
          >
            {t('header.logout')}
          </button>
        </div>
      )}
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
    </header>
  );
}
