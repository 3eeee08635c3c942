// The IPC channel names the preload and the main process share.
export const API_CALL_CHANNEL = 'crossbar:api-call';
export const API_EVENT_CHANNEL = 'crossbar:api-event';
