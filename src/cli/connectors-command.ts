import type { Command } from './cli.js';
import { UsageError } from './cli.js';
import { projectDirectory } from './options.js';
import type { ConnectorInventory } from '../packages/connector-inventory.js';

const formats = ['text', 'json'] as const;

export const connectorsCommand: Command = {
  summary: 'the connectors the project can use and where each comes from (list); instance ranges and connector packages against what is installed (outdated: exit 1 when one is not satisfied)',
  usage: 'connectors list|outdated [dir] [--format text|json]',
  examples: ['weft connectors list', 'weft connectors outdated --format json'],
  options: { format: { type: 'string', short: 'f' } },
  async run({ values, positionals }, io) {
    const [action, ...rest] = positionals;
    if (action !== 'list' && action !== 'outdated') throw new UsageError(`expected list or outdated, not '${action ?? ''}'`);
    const format = (values.format ?? 'text') as (typeof formats)[number];
    if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}, not '${String(values.format)}'`);
    const [{ loadProject }, { connectorInventory }] = await Promise.all([import('../pipeline/load-project.js'), import('../packages/connector-inventory.js')]);
    const inventory = connectorInventory(await loadProject(projectDirectory(rest, io), io.env));
    if (action === 'list') {
      io.stdout.write(format === 'json' ? JSON.stringify({ connectors: inventory.connectors }, null, 2) + '\n' : formatList(inventory));
    } else {
      io.stdout.write(format === 'json' ? JSON.stringify({ ok: inventory.ok, instances: inventory.instances, packages: inventory.packages }, null, 2) + '\n' : formatOutdated(inventory));
    }
    if (inventory.packageErrors > 0) io.stderr.write(`weft connectors: ${inventory.packageErrors} problem${inventory.packageErrors === 1 ? '' : 's'} in installed connector packages; weft validate shows ${inventory.packageErrors === 1 ? 'it' : 'them'}\n`);
    return action === 'outdated' && !inventory.ok ? 1 : 0;
  },
};

function formatList(inventory: ConnectorInventory): string {
  if (inventory.connectors.length === 0) return 'no connectors: the project defines none and no connector package is installed\n';
  const rows = inventory.connectors.map((connector) => [
    connector.name,
    connector.version,
    connector.package ? `${connector.package.name}@${connector.package.version}` : 'project',
    connector.file,
    connector.status === 'used' ? connector.usedBy.join(', ') : connector.status === 'shadowed' ? '(shadowed by the project)' : '(unused)',
  ]);
  return table(['CONNECTOR', 'VERSION', 'FROM', 'FILE', 'USED BY'], rows);
}

function formatOutdated(inventory: ConnectorInventory): string {
  const parts: string[] = [];
  if (inventory.instances.length > 0) {
    const rows = inventory.instances.map((instance) => [
      instance.instance,
      instance.connector,
      instance.range ?? '*',
      instance.resolved?.version ?? '-',
      instance.latest ?? '-',
      instance.resolved ? (instance.resolved.package ? `${instance.resolved.package.name}@${instance.resolved.package.version}` : instance.resolved.file) : '-',
      instance.status,
    ]);
    parts.push(table(['INSTANCE', 'CONNECTOR', 'WANTED', 'RESOLVED', 'LATEST', 'FROM', 'STATUS'], rows));
  }
  if (inventory.packages.length > 0) {
    const rows = inventory.packages.map((entry) => [entry.dependency, entry.wanted, entry.installed ?? '-', entry.connectors.join(', ') || '-', entry.status]);
    parts.push(table(['PACKAGE', 'WANTED', 'INSTALLED', 'CONNECTORS', 'STATUS'], rows));
  }
  const unsatisfied = inventory.instances.filter((instance) => instance.status !== 'ok').length;
  const packages = inventory.packages.filter((entry) => entry.status === 'unsatisfied' || entry.status === 'missing').length;
  const summary = inventory.ok
    ? `✔ every instance's connector range is satisfied${inventory.packages.length > 0 ? ', every connector package is installed within its range' : ''}`
    : `✖ ${[unsatisfied > 0 ? `${unsatisfied} instance${unsatisfied === 1 ? '' : 's'} without a connector in range` : '', packages > 0 ? `${packages} connector package${packages === 1 ? '' : 's'} missing or outside package.json's range` : ''].filter(Boolean).join(', ')}`;
  parts.push(summary + '\n');
  return parts.join('\n');
}

/** Left-aligned columns, two spaces apart, no trailing spaces. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd() + '\n').join('');
}
