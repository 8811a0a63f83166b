/**
 * Session store: what the main process told us about the app and the signed-in clerk, and
 * which screen family follows from it (loading, first run, login, work). Not a mirror of a
 * table: it holds only `app.info`, the session and the lock state.
 */
import { create } from 'zustand';
import type { AppError, AppInfo, ChannelName, EventPayload, Session } from '../../../preload/contract';
import { api } from '../api';
import { applyDefaultLanguage } from '../i18n';
import { forgetSessionWork } from './session-end';
import { useUi } from './ui';

export type Phase = 'loading' | 'unavailable' | 'setup' | 'login' | 'ready';

export type SessionState = {
  phase: Phase;
  info: AppInfo | null;
  session: Session | null;
  bootError: AppError | null;
  /** Why the login screen is shown again, if it should say so. */
  notice: Notice | null;
};

export type Notice = { kind: 'ended' } | { kind: 'error'; error: AppError };

type SessionActions = {
  boot: () => Promise<void>;
  refreshInfo: () => Promise<void>;
  signedIn: (session: Session) => void;
  unlocked: (session: Session) => void;
  /** The clerk replaced the password an administrator chose. */
  passwordChanged: () => void;
  showLogin: (notice: Notice | null) => void;
  logout: () => Promise<void>;
  onSessionChanged: (event: EventPayload<'session.changed'>) => void;
  onCallFailed: (channel: ChannelName, error: AppError) => void;
};

export const initialState: SessionState = { phase: 'loading', info: null, session: null, bootError: null, notice: null };

/** Set while our own logout is in flight, so its `ended` event does not show a notice. */
let loggingOut = false;

export const useSession = create<SessionState & SessionActions>()((set, get) => {
  /** Drafts belong to the session: the next clerk to sign in never sees the previous one's citizen. */
  const forgetWork = () => {
    forgetSessionWork();
    useUi.getState().reset();
  };
  const ended = (notice: Notice | null) => {
    const { info } = get();
    forgetWork();
    set({ session: null, phase: info?.setupRequired ? 'setup' : 'login', notice });
  };

  return {
    ...initialState,

    async boot() {
      set({ phase: 'loading', bootError: null });
      const info = await api['app.info']({});
      if (!info.ok) return set({ phase: 'unavailable', bootError: info.error });
      await applyDefaultLanguage(info.value.language);
      if (info.value.setupRequired) return set({ info: info.value, session: null, phase: 'setup' });
      const current = await api['auth.session']({});
      if (!current.ok) return set({ phase: 'unavailable', bootError: current.error, info: info.value });
      const session = current.value.session;
      set({ info: info.value, session, phase: session ? 'ready' : 'login', notice: null });
    },

    async refreshInfo() {
      const info = await api['app.info']({});
      if (info.ok) set({ info: info.value });
    },

    signedIn(session) {
      const { info } = get();
      forgetWork();
      set({ session, phase: 'ready', notice: null, info: info ? { ...info, setupRequired: false } : info });
    },

    unlocked(session) {
      set({ session });
    },

    passwordChanged() {
      const { session } = get();
      if (session) set({ session: { ...session, mustChangePassword: false } });
    },

    showLogin(notice) {
      const { info } = get();
      forgetWork();
      set({ session: null, phase: 'login', notice, info: info ? { ...info, setupRequired: false } : info });
    },

    async logout() {
      loggingOut = true;
      try {
        await api['auth.logout']({});
      } finally {
        loggingOut = false;
      }
      ended(null);
    },

    onSessionChanged(event) {
      const { session } = get();
      if (event.state === 'ended') {
        if (session) ended(loggingOut || event.reason === 'logout' ? null : { kind: 'ended' });
        return;
      }
      if (session && session.state !== event.state) set({ session: { ...session, state: event.state } });
    },

    onCallFailed(channel, error) {
      const { session, phase } = get();
      if (error.code === 'session_locked' && session) {
        if (session.state !== 'locked') set({ session: { ...session, state: 'locked' } });
      } else if (error.code === 'unauthenticated' && phase === 'ready') {
        ended({ kind: 'ended' });
      } else if (channel === 'auth.unlock' && (error.code === 'account_locked' || error.code === 'account_disabled')) {
        // The main process has ended the session: the account itself is no longer usable.
        ended({ kind: 'error', error });
      } else if (error.code === 'password_change_required' && session && !session.mustChangePassword) {
        set({ session: { ...session, mustChangePassword: true } });
      } else if (error.code === 'setup_required') {
        void get().boot();
      }
    },
  };
});
