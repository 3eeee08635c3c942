// Preload: exposes the transport marker to the renderer through contextBridge (the API arrives with its issue).
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('crossbar', { transport: 'ipc' as const });
