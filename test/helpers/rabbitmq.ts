import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { freePort, serverOrSkip } from './private-server.js';

/**
 * A private RabbitMQ broker for tests: Debian's rabbitmq-server run as its own node (own name,
 * AMQP and distribution ports, data directory under a temporary directory), on 127.0.0.1 only.
 * Stopped and removed by `stop()`, and killed if the test process exits first.
 */
export interface Broker {
  /** amqp://guest:guest@127.0.0.1:<port>/ */
  url: string;
  port: number;
  node: string;
  /** rabbitmqctl against this node (list_queues, …): its stdout. */
  ctl(...args: string[]): Promise<string>;
  /** Stops and starts the broker application (durable queues and their messages survive). */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

const serverScript = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const ctlScript = '/usr/lib/rabbitmq/bin/rabbitmqctl';

/** Whether Debian's rabbitmq-server is installed here. */
export function brokerInstalled(): boolean {
  return existsSync(serverScript) && existsSync(ctlScript);
}

/** Whether tests that need it can run (see serverOrSkip). */
export function brokerOrSkip(suiteName: string): boolean {
  return serverOrSkip(suiteName, { installed: brokerInstalled(), package: 'rabbitmq-server', where: serverScript });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.pid) killGroup(child.pid);
});

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Starts a private broker. Its ports are found free first and taken by the broker seconds later:
 * another test's server can take one meanwhile, and the broker then exits during start-up. It
 * is started again on other ports (twice at most); the error of the last attempt says what its
 * log said.
 */
export async function startBroker(): Promise<Broker> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startBrokerOnce();
    } catch (error) {
      if (!(error instanceof BrokerExited) || attempt === 3) throw error;
    }
  }
}

class BrokerExited extends Error {}

async function logTail(directory: string): Promise<string> {
  try {
    const names = await readdir(directory);
    const texts = await Promise.all(names.map((name) => readFile(path.join(directory, name), 'utf8').catch(() => '')));
    return texts.join('\n').slice(-3000);
  } catch {
    return '(no log)';
  }
}

async function startBrokerOnce(): Promise<Broker> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'weft-rabbit-'));
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const node = `weft${port}@localhost`;
  await mkdir(path.join(home, 'mnesia'));
  await mkdir(path.join(home, 'log'));
  await writeFile(path.join(home, 'plugins'), '[].\n');
  await writeFile(path.join(home, 'rabbitmq.conf'), 'loopback_users.guest = true\n');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: home,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(home, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(home, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(home, 'plugins'),
    RABBITMQ_CONFIG_FILE: path.join(home, 'rabbitmq'),
    // The Erlang port mapper: a private one, on loopback only.
    ERL_EPMD_ADDRESS: '127.0.0.1',
    ERL_EPMD_PORT: String(epmdPort),
  };
  const child = spawn(serverScript, [], { env, detached: true, stdio: 'ignore' });
  running.add(child);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    running.delete(child);
  });
  const ctl = async (...args: string[]) => (await execa(ctlScript, ['-n', node, ...args], { env, timeout: 60_000 })).stdout;
  const awaitStartup = async () => {
    for (const deadline = Date.now() + 60_000; ; ) {
      if (exited) throw new BrokerExited(`rabbitmq-server exited during start-up (ports ${port}, ${distPort}, ${epmdPort}); its log:\n${await logTail(path.join(home, 'log'))}`);
      try {
        await execa(ctlScript, ['-n', node, 'await_startup', '--timeout', '30'], { env, timeout: 40_000 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`the broker did not start in 60 s: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  try {
    await awaitStartup();
  } catch (error) {
    if (child.pid) killGroup(child.pid);
    await rm(home, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}/`,
    port,
    node,
    ctl,
    async restart(options = {}) {
      await ctl('stop_app');
      await new Promise((resolve) => setTimeout(resolve, options.downMs ?? 0));
      await ctl('start_app');
      await ctl('await_startup');
    },
    async stop() {
      try {
        await ctl('stop');
      } catch {
        // it may be down already
      }
      if (child.pid) killGroup(child.pid);
      // epmd was started for this node's port: end it too.
      await execa('epmd', ['-kill'], { env, reject: false });
      await rm(home, { recursive: true, force: true });
    },
  };
}
