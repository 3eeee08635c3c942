// The renderer's only way to the backend, chosen at start-up: Electron's preload bridge (IPC) when the page runs
// in the desktop window, else HTTP for calls and a WebSocket for events, back to the `serve` that sent the page.
import type { ApiEvent, ApiMethod, ApiParams, ApiReply, ApiTransport } from '../../src-shared/api/api';

/** What the preload exposes as window.crossbar. */
interface IpcBridge {
  transport: 'ipc';
  call(method: string, params: unknown): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
  pathForFile(file: File): string;
}

export function chooseTransport(): ApiTransport {
  const bridge = (window as unknown as { crossbar?: IpcBridge }).crossbar;
  return bridge?.transport === 'ipc' ? ipcTransport(bridge) : httpTransport();
}

function ipcTransport(bridge: IpcBridge): ApiTransport {
  return {
    kind: 'ipc',
    call: async <M extends ApiMethod>(method: M, params: ApiParams<M>) =>
      (await bridge.call(method, params)) as ApiReply<M>,
    subscribe: (listener) => bridge.subscribe((event) => listener(event as ApiEvent)),
    importSource: (file) => Promise.resolve({ path: bridge.pathForFile(file) }),
  };
}

const RECONNECT_MS = 2000;

function httpTransport(): ApiTransport {
  const listeners = new Set<(event: ApiEvent) => void>();
  let socket: WebSocket | null = null;
  const connect = () => {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(`${scheme}//${location.host}/api/events`);
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as ApiEvent;
      for (const listener of listeners) listener(event);
    };
    // A restarted server or a dropped connection: try again while anyone listens.
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0) setTimeout(() => listeners.size > 0 && !socket && connect(), RECONNECT_MS);
    };
  };
  return {
    kind: 'http',
    call: async <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiReply<M>> => {
      try {
        const response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify(params),
        });
        const text = await response.text();
        if (response.headers.get('content-type')?.startsWith('application/json')) {
          return JSON.parse(text) as ApiReply<M>;
        }
        return {
          ok: false,
          error: { code: 'invalid-request', message: `${response.status}: ${text.trim()}` },
        };
      } catch (error) {
        return {
          ok: false,
          error: { code: 'internal', message: `the server cannot be reached (${String(error)})` },
        };
      }
    },
    importSource: async (file) => {
      const response = await fetch('/api/upload', { method: 'POST', credentials: 'same-origin', body: file });
      const reply = (await response.json()) as ApiReply<ApiMethod> & { result?: { uploadId: string } };
      if (!reply.ok) throw new Error(reply.error.message);
      return { uploadId: reply.result!.uploadId };
    },
    subscribe: (listener) => {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}
