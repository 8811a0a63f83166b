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

export type UiState = {
  section: SectionId;
  /** An application opened from the form or the journal; shown instead of the section's screen. */
  applicationId: string | null;
};

type UiActions = {
  open: (section: SectionId) => void;
  openApplication: (id: string) => void;
  closeApplication: () => void;
  reset: () => void;
};

export const initialState: UiState = { section: 'home', applicationId: null };

export const useUi = create<UiState & UiActions>()((set) => ({
  ...initialState,
  open: (section) => set({ section, applicationId: null }),
  openApplication: (applicationId) => set({ applicationId }),
  closeApplication: () => set({ applicationId: null }),
  reset: () => set(initialState),
}));
