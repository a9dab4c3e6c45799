import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setApi } from './api/current-api';
import { resolveApi } from './api/resolve-api';
import { App } from './app';
import { setLive } from './stores/notices-store';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('The page has no #root element');
const root = createRoot(container);
const resolution = resolveApi(window, setLive);
if (resolution.kind === 'ready') {
  setApi(resolution.api);
  root.render(
    <StrictMode>
      <App api={resolution.api} />
    </StrictMode>,
  );
} else {
  root.render(
    <main className="state-panel error">
      <h1>Realmkeeper</h1>
      <p>This page needs the address Realmkeeper printed when it started (it ends with #token=…). Open that address, or restart Realmkeeper.</p>
    </main>,
  );
}
