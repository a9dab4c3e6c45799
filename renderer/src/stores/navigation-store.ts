import { create } from 'zustand';

export type ViewName = 'companies' | 'activity' | 'settings';

export interface NavigationState {
  readonly view: ViewName;
  /** The company whose detail panel is open, if any. */
  readonly openCompanyId: string | null;
}

export function initialNavigationState(): NavigationState {
  return { view: 'companies', openCompanyId: null };
}

export const useNavigationStore = create<NavigationState>()(() => initialNavigationState());

export function showView(view: ViewName): void {
  useNavigationStore.setState({ view, openCompanyId: null });
}

export function openCompany(companyId: string): void {
  useNavigationStore.setState({ view: 'companies', openCompanyId: companyId });
}

export function closeCompany(): void {
  useNavigationStore.setState({ openCompanyId: null });
}
