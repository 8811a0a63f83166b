/** UI store: which section of the main layout is open. */
import { create } from 'zustand';

export type SectionId = 'home' | 'clerks' | 'settings' | 'audit';

export type UiState = { section: SectionId };

type UiActions = { open: (section: SectionId) => void; reset: () => void };

export const initialState: UiState = { section: 'home' };

export const useUi = create<UiState & UiActions>()((set) => ({
  ...initialState,
  open: (section) => set({ section }),
  reset: () => set(initialState),
}));
