// The renderer's only way to the backend: HTTP for calls and a WebSocket for events, back to the `serve` that sent
// the page, whether that page is in a browser or in the desktop window (whose host is the same `serve`).
import type { ApiEvent, ApiMethod, ApiParams, ApiReply, ApiTransport } from '../../src-shared/api/api';

/** What the desktop window's preload exposes as window.crossbar. */
interface DesktopBridge {
  pathForFile(file: File): string;
}

export function chooseTransport(): ApiTransport {
  return httpTransport((window as unknown as { crossbar?: DesktopBridge }).crossbar ?? null);
}

const RECONNECT_MS = 2000;

function httpTransport(desktop: DesktopBridge | null): ApiTransport {
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
    kind: desktop ? 'desktop' : 'browser',
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
      // The desktop window's host runs on this machine: it reads the file in place instead of a copy uploaded.
      if (desktop) return { path: desktop.pathForFile(file) };
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
