// Starts `crossbar serve` (or `npm start`'s fallback to it) as a child process and waits for the URL it prints.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServeProcess {
  process: ChildProcess;
  /** The URL with its token. */
  url: string;
  /** What the process wrote to stderr until the URL appeared. */
  stderr: string;
}

export async function startServeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stderr}`)), 45_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { process: child, url, stderr };
}
