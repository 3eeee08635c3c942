// Starts `crossbar serve` (or `npm start`'s fallback to it) as a child process the way the desktop window starts
// its host, and waits for the URL it prints.
import { startAppHostProcess, type AppHostProcess } from '../../src-main/electron/app-host-process';

export function startServeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<AppHostProcess> {
  return startAppHostProcess({ node: process.execPath, args, env });
}
