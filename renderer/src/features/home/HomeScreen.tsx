/**
 * «Главная»: for the front desk, what needs the clerk today: their own applications of today by
 * state, what waits for a signature, the queue to the registry and the decisions not yet read,
 * each a link to where it is handled. An administrator sees the greeting only.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applicationStates, mayCall, type AppError, type ApplicationState, type ApplicationSummary } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { formatLongDate, formatTime, todayIso } from '../../format/dates';
import { currentLanguage } from '../../i18n';
import { useSession } from '../../stores/session';
import { useSync } from '../../stores/sync';
import { useUi } from '../../stores/ui';

type Today = { mine: ApplicationSummary[]; awaiting: ApplicationSummary[] };

/** Today's own applications and every own one still waiting for a signature, whatever its day. */
async function loadToday(clerkId: string): Promise<{ ok: true; value: Today } | { ok: false; error: AppError }> {
  const today = todayIso();
  const [mine, awaiting] = await Promise.all([
    api['journal.list']({ from: today, to: today, clerkId, limit: 200 }),
    api['journal.list']({ state: 'awaiting_signature', clerkId, limit: 50 }),
  ]);
  if (!mine.ok) return mine;
  if (!awaiting.ok) return awaiting;
  return { ok: true, value: { mine: mine.value.items, awaiting: awaiting.value.items } };
}

export function HomeScreen() {
  const { t } = useTranslation();
  const session = useSession((s) => s.session);
  const frontDesk = session !== null && mayCall('journal.list', session.role);
  const date = formatLongDate(new Date(), currentLanguage(), true);
  return (
    <section className="screen screen--home" aria-labelledby="home-title">
      <h1 id="home-title" tabIndex={-1}>
        {t('home.greeting', { name: session?.fullName ?? '' })}
      </h1>
      <p className="lead">{session && t('home.signedInAs', { role: t(`roles.${session.role}`), login: session.login })}</p>
      <p className="lead">{t('home.today', { date })}</p>
      {frontDesk && session && <FrontDeskToday clerkId={session.clerkId} />}
    </section>
  );
}

function FrontDeskToday({ clerkId }: { clerkId: string }) {
  const { t } = useTranslation();
  const openJournal = useUi((s) => s.openJournal);
  const openApplication = useUi((s) => s.openApplication);
  const open = useUi((s) => s.open);
  const status = useSync((s) => s.status);
  const notifications = useSync((s) => s.notifications);
  const [today, setToday] = useState<Today | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const refresh = useCallback(() => {
    void loadToday(clerkId).then((result) => {
      if (result.ok) {
        setToday(result.value);
        setError(null);
      } else setError(result.error);
    });
  }, [clerkId]);
  // A decision or a sync changes the states: the counts follow the sync status.
  useEffect(refresh, [refresh, status?.pending, status?.awaitingDecision, notifications?.length]);

  const byState = new Map<ApplicationState, number>();
  for (const item of today?.mine ?? []) byState.set(item.state, (byState.get(item.state) ?? 0) + 1);
  const unread = (notifications ?? []).filter((n) => n.readAt === null);
  const date = todayIso();

  return (
    <div className="home__cards">
      <FormAlert error={error} />
      <section className="card" aria-labelledby="home-mine-title">
        <h2 id="home-mine-title">{t('home.mine.title', { count: today?.mine.length ?? 0 })}</h2>
        {today === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : today.mine.length === 0 ? (
          <p className="muted">{t('home.mine.none')}</p>
        ) : (
          <ul className="home__list">
            {applicationStates
              .filter((state) => byState.has(state))
              .map((state) => (
                <li key={state}>
                  <button
                    type="button"
                    className="button button--link"
                    onClick={() => openJournal({ from: date, to: date, state, clerkId })}
                  >
                    {t('home.mine.state', { state: t(`states.${state}`), count: byState.get(state) ?? 0 })}
                  </button>
                </li>
              ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="home-awaiting-title">
        <h2 id="home-awaiting-title">{t('home.awaiting.title', { count: today?.awaiting.length ?? 0 })}</h2>
        {today !== null && today.awaiting.length === 0 && <p className="muted">{t('home.awaiting.none')}</p>}
        {today !== null && today.awaiting.length > 0 && (
          <ul className="home__list">
            {today.awaiting.map((item) => (
              <li key={item.id}>
                <button type="button" className="button button--link" onClick={() => openApplication(item.id)}>
                  {t('home.awaiting.item', {
                    journalNo: item.journalNo,
                    procedure: t(`procedures.${item.procedure}`),
                    time: formatTime(item.createdAt, false),
                  })}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="home-queue-title">
        <h2 id="home-queue-title">{t('home.queue.title')}</h2>
        <p>
          <button type="button" className="button button--link" onClick={() => open('queue')}>
            {status === null
              ? t('home.queue.unknown')
              : t('home.queue.counts', { pending: status.pending, awaiting: status.awaitingDecision })}
          </button>
        </p>
      </section>

      <section className="card" aria-labelledby="home-decisions-title">
        <h2 id="home-decisions-title">{t('home.decisions.title', { count: unread.length })}</h2>
        {unread.length === 0 ? (
          <p className="muted">{t('home.decisions.none')}</p>
        ) : (
          <ul className="home__list">
            {unread.map((n) => (
              <li key={n.id}>
                <button type="button" className="button button--link" onClick={() => openApplication(n.applicationId)}>
                  {t('home.decisions.item', {
                    journalNo: n.journalNo,
                    procedure: t(`procedures.${n.procedure}`),
                    outcome: t(`home.decisions.outcomes.${n.outcome}`),
                  })}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
