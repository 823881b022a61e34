import { fork, type ChildProcess, type Serializable } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  readonly url: string;
  stop(): Promise<void>;
}

function isUrlMessage(value: unknown): value is { url: string } {
  return typeof value === 'object' && value !== null && typeof (value as { url?: unknown }).url === 'string';
}

/** Forks `bench/children/<name>.ts` under tsx, optionally sends it a first message, and waits for its URL. */
export function startChild(name: string, env: NodeJS.ProcessEnv, firstMessage?: Serializable): Promise<Child> {
  const script = fileURLToPath(new URL(`./children/${name}.ts`, import.meta.url));
  const child: ChildProcess = fork(script, [], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx', '--conditions=@raflag/source'],
    // Request logs go nowhere so the load generator does not pay for reading them.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${name} exited early with code ${String(code)}`)));
    child.once('message', (message) => {
      if (!isUrlMessage(message)) return reject(new Error(`${name} sent an unexpected message`));
      child.removeAllListeners('exit');
      resolve({
        url: message.url,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
    if (firstMessage !== undefined) child.send(firstMessage);
  });
}
