/**
 * «Сотрудники»: the accounts of this office with the actions the role allows (unlock for
 * supervisors and admins; disable, role and password for admins) and, for admins, a create form.
 * The list is this screen's own state, fetched again after every change.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayCall, type AppError, type Clerk, type Result } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { useSession } from '../../stores/session';
import { ResetPasswordDialog, RoleDialog } from './ClerkDialogs';
import { clerkState, hhmm } from './clerk-state';
import { CreateClerkForm } from './CreateClerkForm';

type OpenDialog = { kind: 'role' | 'reset'; clerk: Clerk } | null;

/** Re-render now and then so «заблокирован до HH:MM» turns into «активен» when the time passes. */
function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function ClerksScreen() {
  const { t } = useTranslation();
  const me = useSession((s) => s.session);
  const role = me?.role ?? null;
  const now = useNow(15_000);
  const [clerks, setClerks] = useState<Clerk[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const result = await api['clerks.list']({});
    if (result.ok) {
      setClerks(result.value.clerks);
    } else {
      setError(result.error);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const done = (message: string) => {
    setError(null);
    setStatus(message);
    void load();
    // The button that was pressed may be gone (e.g. «Разблокировать»): keep focus somewhere sensible.
    window.requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) statusRef.current?.focus();
    });
  };

  const act = async (clerk: Clerk, run: () => Promise<Result<Clerk>>, message: string) => {
    setBusyId(clerk.id);
    setStatus(null);
    setError(null);
    const result = await run();
    setBusyId(null);
    if (result.ok) done(message);
    else setError(result.error);
  };

  const canUnlock = role !== null && mayCall('clerks.unlock', role);
  const canUpdate = role !== null && mayCall('clerks.update', role);
  const canReset = role !== null && mayCall('clerks.resetPassword', role);
  const canCreate = role !== null && mayCall('clerks.create', role);

  return (
    <section className="screen" aria-labelledby="clerks-title">
      <div className="screen__head">
        <h1 id="clerks-title" tabIndex={-1}>
          {t('clerks.title')}
        </h1>
        <button type="button" className="button button--quiet" onClick={() => void load()}>
          {t('common.refresh')}
        </button>
      </div>

      <div ref={statusRef} tabIndex={-1} role="status" className={status ? 'alert alert--ok' : 'visually-empty'}>
        {status}
      </div>
      <FormAlert error={error} />

      {clerks === null ? (
        !error && <p className="muted">{t('app.loading')}</p>
      ) : clerks.length === 0 ? (
        <p className="muted">{t('clerks.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('clerks.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('clerks.columns.login')}</th>
                <th scope="col">{t('clerks.columns.fullName')}</th>
                <th scope="col">{t('clerks.columns.role')}</th>
                <th scope="col">{t('clerks.columns.state')}</th>
                {(canUnlock || canUpdate || canReset) && <th scope="col">{t('clerks.columns.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {clerks.map((clerk) => {
                const state = clerkState(clerk, now);
                const self = clerk.id === me?.clerkId;
                const busy = busyId === clerk.id;
                return (
                  <tr key={clerk.id} className={state.kind !== 'active' ? 'table__row--muted' : undefined}>
                    <th scope="row" className="mono">
                      {clerk.login} {self && <span className="muted">{t('clerks.you')}</span>}
                    </th>
                    <td>{clerk.fullName}</td>
                    <td>{t(`roles.${clerk.role}`)}</td>
                    <td>
                      <span className={`badge badge--${state.kind}`}>
                        {state.kind === 'locked' ? t('clerks.state.lockedUntil', { time: hhmm(state.until) }) : t(`clerks.state.${state.kind}`)}
                      </span>
                    </td>
                    {(canUnlock || canUpdate || canReset) && (
                      <td>
                        <div className="row-actions">
                          {canUnlock && state.kind === 'locked' && (
                            <button
                              type="button"
                              className="button button--small button--primary"
                              disabled={busy}
                              onClick={() => void act(clerk, () => api['clerks.unlock']({ id: clerk.id }), t('clerks.unlocked', { login: clerk.login }))}
                            >
                              {t('clerks.unlock')}
                            </button>
                          )}
                          {canUpdate && !self && (
                            <button
                              type="button"
                              className="button button--small"
                              disabled={busy}
                              onClick={() =>
                                void act(
                                  clerk,
                                  () => api['clerks.update']({ id: clerk.id, disabled: !clerk.disabled }),
                                  t(clerk.disabled ? 'clerks.enabledDone' : 'clerks.disabledDone', { login: clerk.login }),
                                )
                              }
                            >
                              {clerk.disabled ? t('clerks.enable') : t('clerks.disable')}
                            </button>
                          )}
                          {canUpdate && !self && (
                            <button type="button" className="button button--small" disabled={busy} onClick={() => setDialog({ kind: 'role', clerk })}>
                              {t('clerks.changeRole')}
                            </button>
                          )}
                          {canReset && !self && (
                            <button type="button" className="button button--small" disabled={busy} onClick={() => setDialog({ kind: 'reset', clerk })}>
                              {t('clerks.resetPassword')}
                            </button>
                          )}
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {canCreate && <CreateClerkForm onCreated={(clerk) => done(t('clerks.created', { login: clerk.login }))} />}

      {dialog?.kind === 'role' && (
        <RoleDialog
          clerk={dialog.clerk}
          onClose={() => setDialog(null)}
          onDone={(clerk) => {
            setDialog(null);
            done(t('clerks.roleChanged', { login: clerk.login }));
          }}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog
          clerk={dialog.clerk}
          onClose={() => setDialog(null)}
          onDone={(clerk) => {
            setDialog(null);
            done(t('clerks.passwordResetDone', { login: clerk.login }));
          }}
        />
      )}
    </section>
  );
}
