// Entry of the renderer: picks the bridge (Electron's preload, or a WebSocket to the test host),
// wraps it in the throwing API and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'prosemirror-view/style/prosemirror.css';
import 'prosemirror-tables/style/tables.css';
import './styles.css';
import { apiFromBridge, type Bridge } from '../../shared/api/contract.ts';
import { createWsBridge } from '../../shared/api/wsBridge.ts';
import { App } from './App.tsx';

interface Connection {
  bridge: Bridge;
  /** Called when the transport goes away for good (the test host stopped). */
  onLost?: (listener: () => void) => void;
}

function connect(): Connection {
  if (window.enighed) return { bridge: window.enighed };
  const ws = createWsBridge(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`);
  return { bridge: ws, onLost: (listener) => ws.onClose(listener) };
}

const connection = connect();
const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <App api={apiFromBridge(connection.bridge)} onConnectionLost={connection.onLost} />
  </StrictMode>,
);
