import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildServer {
  port: number;
  child: ChildProcess;
  stop: () => Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts `node <args>` in its own process (so the load generator in this process does not
 * share its event loop) and waits for the JSON log line that names its HTTP port.
 */
export async function startChildServer(args: string[], env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+),"msg":"http listening"/.exec(output);
      if (match) {
        child.stderr?.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output.slice(-2000)}`)));
  });
  child.stderr?.resume();
  return {
    port,
    child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
