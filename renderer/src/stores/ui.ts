/** UI store: which section of the main layout is open, and which application is open over it. */
import { create } from 'zustand';

export type SectionId =
  | 'home'
  | 'issue'
  | 'block'
  | 'unblock'
  | 'change_phone'
  | 'reset_password'
  | 'journal'
  | 'queue'
  | 'clerks'
  | 'settings'
  | 'devices'
  | 'readiness'
  | 'audit'
  | 'privacy'
  | 'reports';

/** Filters the journal opens with when a link (the home screen's counts) asks for them. */
export type JournalPreset = { from?: string; to?: string; state?: string; clerkId?: string };

export type UiState = {
  section: SectionId;
  /** An application opened from the form or the journal; shown instead of the section's screen. */
  applicationId: string | null;
  journalPreset: JournalPreset | null;
};

type UiActions = {
  open: (section: SectionId) => void;
  openJournal: (preset: JournalPreset) => void;
  openApplication: (id: string) => void;
  closeApplication: () => void;
  reset: () => void;
};

export const initialState: UiState = { section: 'home', applicationId: null, journalPreset: null };

export const useUi = create<UiState & UiActions>()((set) => ({
  ...initialState,
  open: (section) => set({ section, applicationId: null, journalPreset: null }),
  openJournal: (journalPreset) => set({ section: 'journal', applicationId: null, journalPreset }),
  openApplication: (applicationId) => set({ applicationId }),
  closeApplication: () => set({ applicationId: null }),
  reset: () => set(initialState),
}));
