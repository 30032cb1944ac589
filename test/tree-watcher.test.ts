import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TreeWatcher } from '../src/watch/tree-watcher.js';
import { makeTemporaryDirectory, removeTemporaryDirectory } from './helpers/run-weft.js';

const test = suite('tree-watcher');

/** A watcher of a fresh folder (with `flows/` and `outside/` beside the watched `project/`), and what it reported. */
async function watched(): Promise<{ root: string; outside: string; changed: string[]; added: string[]; errors: Error[]; watcher: TreeWatcher; done(): Promise<void> }> {
  const base = await makeTemporaryDirectory('weft-tree-');
  const root = path.join(base, 'project');
  const outside = path.join(base, 'outside');
  await mkdir(path.join(root, 'flows', 'sales'), { recursive: true });
  await mkdir(path.join(root, '.git'), { recursive: true });
  await mkdir(path.join(root, 'node_modules', 'pkg'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(root, 'weft.yaml'), 'kind: Project\n');
  const changed: string[] = [];
  const added: string[] = [];
  const errors: Error[] = [];
  const watcher = new TreeWatcher(root, { changed: (file) => changed.push(file), folderAdded: (folder) => added.push(folder), error: (error) => errors.push(error) });
  await watcher.ready;
  return {
    root,
    outside,
    changed,
    added,
    errors,
    watcher,
    async done() {
      watcher.close();
      await removeTemporaryDirectory(base);
    },
  };
}

/** Waits until `check` holds (events arrive asynchronously), failing after two seconds. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) assert.unreachable(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

test('a YAML file written, added or removed anywhere below is reported, and a CSV file (a lookup may read it); other files, dot-folders and node_modules are not', async () => {
  const w = await watched();
  try {
    const flow = path.join(w.root, 'flows', 'sales', 'orders.yaml');
    await writeFile(flow, 'kind: Flow\n');
    await until(() => w.changed.includes(flow), 'the new flow');
    await writeFile(path.join(w.root, 'notes.txt'), 'x');
    await writeFile(path.join(w.root, '.git', 'x.yaml'), 'x');
    await writeFile(path.join(w.root, 'node_modules', 'pkg', 'x.yaml'), 'x');
    const draft = path.join(w.root, 'flows', '.draft.yml');
    await writeFile(draft, 'kind: Flow\n');
    await until(() => w.changed.includes(draft), 'a dot-file YAML (weft reads it)');
    const table = path.join(w.root, 'flows', 'countries.csv');
    await writeFile(table, 'left,right\nGB,United Kingdom\n');
    await until(() => w.changed.includes(table), 'a CSV file');
    await settle();
    assert.not.ok(w.changed.some((file) => file.endsWith('notes.txt') || file.includes('.git') || file.includes('node_modules')), JSON.stringify(w.changed));
    w.changed.length = 0;
    await writeFile(flow, 'kind: Flow # edited\n');
    await until(() => w.changed.includes(flow), 'the edit');
    await rm(flow);
    await settle();
    assert.ok(w.changed.every((file) => file === flow), JSON.stringify(w.changed));
    assert.equal(w.added, []);
    assert.equal(w.errors, []);
  } finally {
    await w.done();
  }
});

test('a folder made (with files written at once) is reported and watched; removed, then made again: both reported, and watched again', async () => {
  const w = await watched();
  try {
    const folder = path.join(w.root, 'instances', 'deep');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'a.yaml'), 'kind: Instance\n');
    await until(() => w.added.includes(path.join(w.root, 'instances')), 'the new folder');
    // Watched below: a later write in the new folder's subfolder is an event of its own.
    await until(() => w.added.length > 0, 'added');
    await settle();
    const later = path.join(folder, 'b.yaml');
    await writeFile(later, 'kind: Instance\n');
    await until(() => w.changed.includes(later), 'a file written in the new folder later');
    await rm(path.join(w.root, 'instances'), { recursive: true });
    await until(() => w.changed.includes(path.join(w.root, 'instances')), 'the removed folder');
    await mkdir(folder, { recursive: true });
    await until(() => w.added.filter((added) => added === path.join(w.root, 'instances')).length === 2, 'the folder made again');
    await settle();
    const again = path.join(folder, 'c.yaml');
    await writeFile(again, 'kind: Instance\n');
    await until(() => w.changed.includes(again), 'a write in the folder made again');
    assert.equal(w.errors, []);
  } finally {
    await w.done();
  }
});

test('a folder moved out of the project is reported, and what is written into it there is not; moved back: reported again', async () => {
  const w = await watched();
  try {
    const sales = path.join(w.root, 'flows', 'sales');
    const away = path.join(w.outside, 'sales');
    await rename(sales, away);
    await until(() => w.changed.includes(sales), 'the folder moved away');
    await settle();
    w.changed.length = 0;
    await writeFile(path.join(away, 'x.yaml'), 'kind: Flow\n');
    await settle();
    assert.equal(w.changed, [], 'a folder outside the project is not watched any more');
    await rename(away, sales);
    await until(() => w.added.includes(sales), 'the folder moved back');
    await settle();
    const inside = path.join(sales, 'y.yaml');
    await writeFile(inside, 'kind: Flow\n');
    await until(() => w.changed.includes(inside), 'a write in the folder moved back');
  } finally {
    await w.done();
  }
});

test('a YAML link to a file outside the project: an edit of that file is reported as the link', async () => {
  const w = await watched();
  try {
    const target = path.join(w.outside, 'shared.yaml');
    await writeFile(target, 'kind: Connector\n');
    const link = path.join(w.root, 'shared.yaml');
    await symlink(target, link);
    await until(() => w.changed.includes(link), 'the new link');
    await settle();
    w.changed.length = 0;
    await writeFile(target, 'kind: Connector # edited\n');
    await until(() => w.changed.includes(link), 'the edit where the link leads');
  } finally {
    await w.done();
  }
});

test('closed: nothing more is reported', async () => {
  const w = await watched();
  try {
    w.watcher.close();
    await writeFile(path.join(w.root, 'flows', 'late.yaml'), 'kind: Flow\n');
    await mkdir(path.join(w.root, 'later'));
    await settle();
    assert.equal(w.changed, []);
    assert.equal(w.added, []);
  } finally {
    await w.done();
  }
});

test.run();
