/**
 * The bell in the header (clerks and supervisors): the registry's decisions on this clerk's
 * applications, with the unread count. It opens a small dialog: each decision with its reasons
 * (Russian, from the main process), a button to open the application (which marks it read), and
 * «Отметить прочитанными».
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayCall, type AppError, type Notification } from '../../../../preload/contract';
import { Dialog } from '../../components/Dialog';
import { FormAlert } from '../../components/FormAlert';
import { fieldText, refusalText } from '../../i18n';
import { useSession } from '../../stores/session';
import { useSync } from '../../stores/sync';
import { useUi } from '../../stores/ui';
import { formatDateTime } from '../applications/format';

function NotificationItem({ item, onOpen }: { item: Notification; onOpen: (item: Notification) => void }) {
  const { t } = useTranslation();
  const unread = item.readAt === null;
  return (
    <li className={`notification notification--${item.outcome}${unread ? ' notification--unread' : ''}`}>
      <p className="notification__title">
        {t('notifications.item', { journalNo: item.journalNo, outcome: t(`notifications.outcome.${item.outcome}`) })}
        {unread && ' '}
        {unread && <span className="badge notification__new">{t('notifications.unread')}</span>}
      </p>
      <p className="notification__meta muted">
        {t(`procedures.${item.procedure}`)} · {t('notifications.received', { time: formatDateTime(item.createdAt) })}
      </p>
      {item.reasons.length > 0 && (
        <ul className="notification__reasons">
          {/* The refusal codes in the clerk's language; older answers without codes by the words' own code. */}
          {(item.reasonCodes ? item.reasonCodes.map(refusalText) : item.reasons.map((reason) => fieldText(reason) ?? reason)).map(
            (reason, index) => (
              <li key={index}>{reason}</li>
            ),
          )}
        </ul>
      )}
      <button type="button" className="button button--small" onClick={() => onOpen(item)}>
        {t('notifications.open')}
        {/* Every item has this button: the number says which application it opens. */}
        <span className="visually-hidden"> № {item.journalNo}</span>
      </button>
    </li>
  );
}

function NotificationsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const items = useSync((s) => s.notifications);
  const markRead = useSync((s) => s.markRead);
  const openApplication = useUi((s) => s.openApplication);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const unreadIds = (items ?? []).filter((n) => n.readAt === null).map((n) => n.id);

  const markAll = async () => {
    setBusy(true);
    setError(null);
    const failed = await markRead(unreadIds.slice(0, 500));
    setBusy(false);
    setError(failed);
  };

  const open = (item: Notification) => {
    if (item.readAt === null) void markRead([item.id]);
    openApplication(item.applicationId);
    onClose();
  };

  return (
    <Dialog title={t('notifications.title')} onClose={onClose} className="dialog--notifications">
      {items === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('notifications.empty')}</p>
      ) : (
        <ul className="notifications" aria-label={t('notifications.listLabel')}>
          {items.map((item) => (
            <NotificationItem key={item.id} item={item} onOpen={open} />
          ))}
        </ul>
      )}
      <FormAlert error={error} />
      <div className="form-actions">
        <button type="button" className="button" disabled={busy || unreadIds.length === 0} onClick={() => void markAll()}>
          {t('notifications.markRead')}
        </button>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}

function BellIcon() {
  return (
    <svg className="bell__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

/** The header's bell; nothing for roles that get no notifications (administrators). */
export function NotificationsButton() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.role ?? null);
  const unread = useSync((s) => s.unread);
  const [open, setOpen] = useState(false);
  if (role === null || !mayCall('notifications.list', role)) return null;
  const name = unread > 0 ? t('header.notificationsUnread', { n: unread }) : t('header.notifications');

  return (
    <>
      <button
        type="button"
        className={unread > 0 ? 'button button--quiet bell bell--unread' : 'button button--quiet bell'}
        aria-haspopup="dialog"
        title={name}
        onClick={() => {
          setOpen(true);
          void useSync.getState().loadNotifications();
        }}
      >
        <BellIcon />
        {/* The name is the content (not aria-label), so the visible count is part of what is read. */}
        <span className="visually-hidden">{name}</span>
        {unread > 0 && (
          <span className="bell__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && <NotificationsDialog onClose={() => setOpen(false)} />}
    </>
  );
}
