// The desktop window's backend: `crossbar serve` as a child process on the Node that ran `npm start`. The store's
// addon (better-sqlite3) is built for that Node's ABI, not Electron's, so Electron's main process loads no addon
// itself and the window talks to the host over serve's HTTP/WebSocket transport with its per-start token.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface AppHostProcess {
  process: ChildProcess;
  /** The URL to open, with the per-start token. */
  url: string;
  /** What the host wrote to stderr until the URL appeared. */
  stderr: string;
  /** Stops the host (it records running runs as cancelled on SIGTERM) and waits for it to exit. */
  close(): Promise<void>;
}

export interface AppHostLaunch {
  /** The Node executable: the one `npm start` ran (CROSSBAR_NODE), else `node` on the PATH. */
  node: string;
  /** Arguments after the executable, e.g. `bin/crossbar.js serve --port 0`. */
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Pass the host's output on to ours (the terminal that ran `npm start`). */
  forwardOutput?: boolean;
}

const SERVING_LINE = /serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;
const START_TIMEOUT_MS = 60_000;

/** The launch the desktop window makes: the repository's own CLI, serving on a free loopback port. */
export function desktopHostLaunch(appRoot: string, env: NodeJS.ProcessEnv): AppHostLaunch {
  const resume = env.CROSSBAR_RESUME_INTERRUPTED === '1' ? ['--resume-interrupted'] : [];
  return {
    node: env.CROSSBAR_NODE || 'node',
    args: [join(appRoot, 'bin', 'crossbar.js'), 'serve', '--port', '0', ...resume],
    env,
    forwardOutput: true,
  };
}

/** Starts the host and resolves once it prints the URL it serves on; rejects with its stderr if it exits first. */
export function startAppHostProcess(launch: AppHostLaunch): Promise<AppHostProcess> {
  const child = spawn(launch.node, launch.args, {
    env: launch.env ?? process.env,
    stdio: ['ignore', launch.forwardOutput ? 'inherit' : 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let stderr = '';
  return new Promise<AppHostProcess>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`the app host (${launch.node} ${launch.args.join(' ')}) ${reason}:\n${stderr}`));
    };
    const timer = setTimeout(
      () => fail(`printed no URL within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const exitedEarly = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`exited (${signal ?? `code ${code}`}) before serving`);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('exit', exitedEarly);
    let serving = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      if (launch.forwardOutput) process.stderr.write(chunk);
      if (serving) return;
      stderr += chunk.toString();
      const match = SERVING_LINE.exec(stderr);
      if (!match) return;
      serving = true;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      resolve({ process: child, url: match[1], stderr, close });
    });
  });
}
