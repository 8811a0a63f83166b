/** Renderer entry: i18n, the main process's events into the session, devices and sync stores, then the React root. */
import './zod-config';
import { ready } from './i18n';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, setErrorObserver } from './api';
import { App } from './App';
import { connectDevices } from './stores/devices';
import { useSession } from './stores/session';
import { connectSync } from './stores/sync';
import { connectBackup } from './stores/backup';

setErrorObserver((channel, error) => useSession.getState().onCallFailed(channel, error));
api.on('session.changed', (event) => useSession.getState().onSessionChanged(event));
api.on('settings.changed', () => void useSession.getState().refreshInfo());
connectDevices();
connectSync();
connectBackup();
void useSession.getState().boot();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
// Belarusian, when remembered, is loaded first, so the first screen is not shown in Russian before it.
void ready.then(() =>
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
