import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from './cli.js';
import { CommandError } from './cli.js';
import { projectDirectory } from './options.js';

export const initCommand: Command = {
  summary: 'start a project: weft.yaml, a connector, an instance and a flow, editor schemas, a GitHub workflow',
  usage: 'init [dir]',
  examples: ['weft init my-integrations'],
  options: {},
  async run({ positionals }, io) {
    const root = projectDirectory(positionals, io);
    const found = await stat(root).catch(() => undefined);
    if (found && !found.isDirectory()) throw new CommandError(`${root} exists and is not a directory`);
    for (const name of ['weft.yaml', 'weft.yml']) {
      if (await exists(path.join(root, name))) throw new CommandError(`${path.join(root, name)} exists: ${root} is a weft project already`);
    }
    const [{ starterFiles }, { compoundSchema }] = await Promise.all([import('../init/starter-files.js'), import('./schema-command.js')]);
    const files = { ...starterFiles(projectName(root)), '.vscode/weft.schema.json': JSON.stringify(compoundSchema(), null, 2) + '\n' };
    const written: string[] = [];
    const kept: string[] = [];
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(root, ...file.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      if (!(await exists(target))) {
        await writeFile(target, content, { flag: 'wx' });
        written.push(file);
      } else if (file === '.gitignore') {
        // An existing .gitignore gets the one line weft needs, once.
        const current = await readFile(target, 'utf8');
        if (!/^\/?\.weft\/?$/m.test(current)) {
          await writeFile(target, `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}.weft/\n`);
          written.push('.gitignore (added .weft/)');
        } else kept.push(file);
      } else {
        kept.push(file);
      }
    }
    const relative = path.relative(io.cwd, root);
    const shown = relative === '' ? '.' : relative.startsWith('..') ? root : relative;
    const arg = /^[\w./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
    const lines = [`Created a weft project in ${shown}:`, ...written.map((file) => `  ${file}`)];
    if (kept.length > 0) lines.push('Left as they were (they exist):', ...kept.map((file) => `  ${file}`));
    const notes = await ciNotes(root);
    if (notes.length > 0) lines.push('', ...notes.slice(0, -1));
    lines.push(
      '',
      'Next:',
      `  weft validate ${arg}`,
      `  weft secret set example/api-key ${arg} < api-key.txt     (the instance's credential, from a file)`,
      `  weft plan ${arg}`,
      '',
    );
    io.stdout.write(lines.join('\n'));
    return 0;
  },
};

/**
 * What the workflow needs that init does not write: weft pinned in package.json (it runs npm ci),
 * and, for a project inside a larger repository, the workflow at the repository's root.
 */
async function ciNotes(root: string): Promise<string[]> {
  const notes: string[] = [];
  const { gitLocation } = await import('../diff/git-base.js');
  const location = await gitLocation(root).catch(() => undefined);
  const repository = location?.repository ?? root;
  if (!(await exists(path.join(repository, 'package.json')))) {
    notes.push(`The GitHub workflow runs npm ci: pin weft with  npm install --save-dev weft-cli  in ${repository}.`);
  }
  if (location && location.prefix !== '') {
    const folder = location.prefix.replace(/\/$/, '');
    notes.push(
      `${root} is inside the git repository ${repository}: GitHub only runs workflows from its root, so move`,
      `  .github/workflows/weft.yml to ${path.join(repository, '.github', 'workflows')} and set PROJECT: ${folder} in it.`,
    );
  }
  return notes.length > 0 ? [...notes, ''] : [];
}

/** A resource name from the directory's name: lowercase letters, digits and '-', starting with a letter. */
function projectName(root: string): string {
  const name = path
    .basename(root)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name === '' ? 'integrations' : name;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
