// Preload: the one bridge between the sandboxed renderer and the main process. It exposes exactly the API
// transport (a call and an event subscription), never ipcRenderer itself.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_CALL_CHANNEL, API_EVENT_CHANNEL } from './ipc-channels';

contextBridge.exposeInMainWorld('crossbar', {
  transport: 'ipc' as const,
  call: (method: string, params: unknown) => ipcRenderer.invoke(API_CALL_CHANNEL, method, params),
  // A dropped or picked file's path, which the sandboxed page cannot see itself.
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  subscribe: (listener: (event: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(API_EVENT_CHANNEL, forward);
    return () => void ipcRenderer.off(API_EVENT_CHANNEL, forward);
  },
});
