import { useEffect, useState } from 'react';
import type { RealmkeeperApi } from '../../preload/contract/bridge';
import { HeaderStatus } from './components/header-status';
import { NoticeBanners } from './components/notice-banners';
import { loadCompanies, useCompaniesStore } from './stores/companies-store';
import { openConnectDialog, resumePendingAttempt } from './stores/connect-store';
import { routeEvent } from './stores/event-router';
import { showView, useNavigationStore, type ViewName } from './stores/navigation-store';
import { setLive } from './stores/notices-store';
import { loadSettings, useSettingsStore } from './stores/settings-store';
import { readPermission } from './stores/system-notifications';
import { ActivityView } from './views/activity-view';
import { CompanyDetail } from './views/company-detail';
import { ConnectDialog } from './views/connect-dialog';
import { DashboardView } from './views/dashboard-view';
import { SettingsView } from './views/settings-view';
import { KeychainBanner } from './components/keychain-banner';
import { WelcomeView } from './views/welcome-view';

const tabs: ReadonlyArray<{ readonly view: ViewName; readonly label: string }> = [
  { view: 'companies', label: 'Companies' },
  { view: 'activity', label: 'Activity' },
  { view: 'settings', label: 'Settings' },
];

const welcomeKey = 'realmkeeper.welcomed';

function useStartup(api: RealmkeeperApi): void {
  useEffect(() => {
    readPermission(window);
    void loadSettings();
    void loadCompanies();
    void resumePendingAttempt();
    const stop = api.onEvent((event) => routeEvent(event, window));
    const onFocus = () => {
      setLive(true);
      void loadCompanies();
    };
    window.addEventListener('focus', onFocus);
    return () => {
      stop();
      window.removeEventListener('focus', onFocus);
    };
  }, [api]);
}

/** The window: a header that says what the app is doing, the three views, and the dialogs over them. */
export function App({ api }: { readonly api: RealmkeeperApi }) {
  useStartup(api);
  const { view, openCompanyId } = useNavigationStore();
  const settings = useSettingsStore((state) => state.settings);
  const companyCount = useCompaniesStore((state) => state.companies.length);
  const companiesLoaded = useCompaniesStore((state) => state.load !== 'loading');
  const [welcomed, setWelcomed] = useState(() => window.localStorage.getItem(welcomeKey) === 'yes');
  const noKeys = settings !== null && settings.environments.every((environment) => !environment.enabled);
  const showWelcome = settings !== null && companiesLoaded && companyCount === 0 && !welcomed && (settings.demo || noKeys) && view === 'companies';
  const dismissWelcome = () => {
    window.localStorage.setItem(welcomeKey, 'yes');
    setWelcomed(true);
  };
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>Realmkeeper</h1>
          {settings?.demo === true ? <span className="badge demo-badge">Demo — simulated companies, starts empty each time</span> : null}
        </div>
        <nav aria-label="Views" className="tabs">
          {tabs.map((tab) => (
            <button key={tab.view} type="button" className={view === tab.view ? 'tab active' : 'tab'} aria-current={view === tab.view ? 'page' : undefined} onClick={() => showView(tab.view)}>
              {tab.label}
            </button>
          ))}
        </nav>
        <button type="button" className="primary" onClick={openConnectDialog} disabled={noKeys}>
          + Connect a company
        </button>
      </header>
      <HeaderStatus />
      <KeychainBanner settings={settings} />
      <NoticeBanners />
      <main className="content">
        {showWelcome && settings !== null ? <WelcomeView settings={settings} onDismiss={dismissWelcome} /> : null}
        {!showWelcome && view === 'companies' ? <DashboardView /> : null}
        {view === 'activity' ? <ActivityView /> : null}
        {view === 'settings' ? <SettingsView /> : null}
      </main>
      {openCompanyId === null ? null : <CompanyDetail key={openCompanyId} companyId={openCompanyId} />}
      <ConnectDialog />
    </div>
  );
}
