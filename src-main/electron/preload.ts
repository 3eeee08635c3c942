// Preload: the one bridge between the sandboxed window and Electron. The API itself goes over HTTP to the app
// host; the page only needs a dropped or picked file's path, which it cannot see itself, to import it in place.
import { contextBridge, webUtils } from 'electron';

contextBridge.exposeInMainWorld('crossbar', {
  pathForFile: (file: File) => webUtils.getPathForFile(file),
});
