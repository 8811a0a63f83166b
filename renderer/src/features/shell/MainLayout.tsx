/** The working screen: header, the sections the role may use (each with its Alt+digit key), and the open one. */
import { Suspense, useCallback, useEffect, useMemo, useRef, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { DemoBanner } from '../../components/DemoBanner';
import { lazyScreen, ScreenLoadBoundary } from '../../components/lazy-screen';
import { Loading } from '../../components/Loading';
import { useSession } from '../../stores/session';
import { useUi, type SectionId } from '../../stores/ui';
import type { Procedure } from '../../../../preload/contract';
import { loadPhoneNumbers } from '../../phone-numbers';
import { HomeScreen } from '../home/HomeScreen';
import { Header } from './Header';
import { sectionIndexOf, sectionsFor, shortcutOf, shortcutRange } from './sections';
import { useActivityHeartbeat } from './use-activity-heartbeat';
import './screens.css';

// Every screen but «Главная» is loaded when first opened: the first screen (login, first run, the
// shell) carries none of them. The front desk's procedure forms, the application and the journal are
// loaded ahead right after signing in (below); the forms with the phone number check's library.
const ApplicationForm = lazyScreen(() =>
  Promise.all([import('../applications/ApplicationForm'), loadPhoneNumbers()]).then(([m]) => m.ApplicationForm),
);
const ApplicationScreen = lazyScreen(() => import('../applications/ApplicationScreen').then((m) => m.ApplicationScreen));
const JournalScreen = lazyScreen(() => import('../journal/JournalScreen').then((m) => m.JournalScreen));
const frontDeskScreens = [ApplicationForm, ApplicationScreen, JournalScreen];
// The supervisor's and the admin's screens (the reports with chart.js) and the queue wait until opened.
const QueueScreen = lazyScreen(() => import('../sync/QueueScreen').then((m) => m.QueueScreen));
const ClerksScreen = lazyScreen(() => import('../clerks/ClerksScreen').then((m) => m.ClerksScreen));
const SettingsScreen = lazyScreen(() => import('../settings/SettingsScreen').then((m) => m.SettingsScreen));
const DevicesScreen = lazyScreen(() => import('../devices/DevicesScreen').then((m) => m.DevicesScreen));
const ReadinessScreen = lazyScreen(() => import('../readiness/ReadinessScreen').then((m) => m.ReadinessScreen));
const AuditScreen = lazyScreen(() => import('../audit/AuditScreen').then((m) => m.AuditScreen));
const PrivacyScreen = lazyScreen(() => import('../privacy/PrivacyScreen').then((m) => m.PrivacyScreen));
const ReportsScreen = lazyScreen(() => import('../reports/ReportsScreen').then((m) => m.ReportsScreen));

const procedureScreen = (procedure: Procedure): ComponentType => {
  const Screen = () => <ApplicationForm key={procedure} procedure={procedure} />;
  Screen.displayName = `ApplicationForm(${procedure})`;
  return Screen;
};

const screens: Record<SectionId, ComponentType> = {
  home: HomeScreen,
  issue: procedureScreen('issue'),
  block: procedureScreen('block'),
  unblock: procedureScreen('unblock'),
  change_phone: procedureScreen('change_phone'),
  reset_password: procedureScreen('reset_password'),
  journal: JournalScreen,
  queue: QueueScreen,
  clerks: ClerksScreen,
  settings: SettingsScreen,
  devices: DevicesScreen,
  readiness: ReadinessScreen,
  audit: AuditScreen,
  privacy: PrivacyScreen,
  reports: ReportsScreen,
};

/** Calls `then` once the screen beside it is on the page (after its Suspense boundary has shown it). */
function Shown({ then }: { then: () => void }) {
  useEffect(then, [then]);
  return null;
}

export function MainLayout() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.role ?? null);
  const section = useUi((s) => s.section);
  const applicationId = useUi((s) => s.applicationId);
  const open = useUi((s) => s.open);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const allowed = useMemo(() => (role ? sectionsFor(role) : []), [role]);
  const current = allowed.some((s) => s.id === section) ? section : 'home';
  const Screen = screens[current];
  const demo = useSession((s) => s.info?.demo === true);

  useActivityHeartbeat();

  // The front desk opens a procedure next: its code is fetched now, so that is instant. A failure
  // here is tried again (and shown) when the screen is opened.
  const frontDesk = allowed.some((s) => s.id === 'issue');
  useEffect(() => {
    if (frontDesk) for (const screen of frontDeskScreens) screen.preload().catch(() => undefined);
  }, [frontDesk]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      // The physical key: the same in every keyboard layout (Shift turns 1 into ! but not its code).
      const match = /^Digit([0-9])$/.exec(event.code);
      if (!match || useSession.getState().session?.state !== 'active') return;
      const index = sectionIndexOf(Number(match[1]), event.shiftKey);
      const target = index === null ? undefined : allowed[index];
      if (!target) return;
      event.preventDefault();
      open(target.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [allowed, open]);

  // After switching sections, keyboard focus starts at the section's heading (once the screen is
  // shown: a screen loaded on demand comes a moment after the switch). The first screen after
  // signing in or the first run takes it too when focus fell to the page (the form that had it is gone).
  const focusHeading = useCallback(() => {
    const first = firstRender.current;
    firstRender.current = false;
    if (first && document.activeElement !== null && document.activeElement !== document.body) return;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, []);

  return (
    <div className={demo ? 'layout layout--demo' : 'layout'}>
      <DemoBanner />
      <Header />
      <div className="layout__body">
        <nav className="nav" aria-label={t('nav.label')}>
          <ul>
            {allowed.map((s, index) => {
              const shortcut = shortcutOf(index);
              return (
                <li key={s.id}>
                  <button
                    type="button"
                    className="nav__item"
                    aria-current={s.id === current ? 'page' : undefined}
                    aria-keyshortcuts={shortcut?.keys}
                    onClick={() => open(s.id)}
                  >
                    <span className="nav__label">{t(`nav.${s.id}`)}</span>
                    {shortcut !== null && (
                      <kbd className="nav__shortcut" aria-hidden="true">
                        {shortcut.keys}
                      </kbd>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
          <p className="nav__hint">{t('screens.shortcutHint', { keys: shortcutRange(allowed.length) })}</p>
        </nav>
        <main className="content" ref={mainRef}>
          {/* One boundary per screen: a screen that could not load is forgotten when another is opened. */}
          <ScreenLoadBoundary key={`${current}:${applicationId}`}>
            <Suspense fallback={<Loading />}>
              {applicationId !== null ? <ApplicationScreen id={applicationId} /> : <Screen />}
              <Shown then={focusHeading} />
            </Suspense>
          </ScreenLoadBoundary>
        </main>
      </div>
    </div>
  );
}
