import type { ValidationResult } from '../pipeline/validate-project.js';
import type { Resource } from '../schema/resource.js';
import { connectorReference, isObject } from '../check/references.js';
import { templateRoots } from '../lex/templates.js';
import { cursorAt, documentsOf } from './yaml-cursor.js';
import { lineAround } from './positions.js';
import { connectorOf, occurrencesOf, pairAt, resourceAt, symbolAt, valueAt, type Place, type WeftSymbol } from './symbols.js';
import { resourceNamePattern } from '../schema/resource-name.js';

/** A resource name, as the schemas define it. */
export const namePattern = resourceNamePattern;

export interface Completion {
  label: string;
  /** What kind of thing (the LSP CompletionItemKind is chosen by the server). */
  kind: 'resource' | 'endpoint' | 'input' | 'field';
  detail?: string;
  documentation?: string;
  /** The span the completion replaces (the word typed so far). */
  replace: [number, number];
}

/** What can be written at an offset of a file: names of the project's resources and connectors' parts. */
export function completionsAt(result: ValidationResult, file: string, offset: number): Completion[] {
  const text = result.project.sources.get(file);
  if (text === undefined) return [];
  const word = wordAround(text, offset);
  const inTemplate = templateCompletions(result, file, text, offset);
  if (inTemplate) return inTemplate;
  const lookup = /\$lookup\(\s*['"]([a-z0-9-]*)$/.exec(lineAround(text, offset).before);
  if (lookup) {
    return [...result.context.byKind.Lookup.values()].map((table) => ({ label: table.name, kind: 'resource', detail: 'lookup', documentation: table.value.metadata.description, replace: [offset - lookup[1]!.length, offset] }));
  }
  const place = valuePlace(text, offset);
  if (!place) return [];
  const found = resourceAt(result, file, place.keyOffset ?? offset);
  if (!found) return [];
  const { resource } = found;
  const path = (place.keyOffset === undefined ? found.cursor.path : cursorAt(text, place.keyOffset)?.path ?? []).map(String);
  const key = place.role === 'value' ? path.at(-1) : undefined;
  const holder = valueAt(resource.value, place.role === 'value' ? path.slice(0, -1) : path);
  if (place.role === 'value' && (resource.kind === 'Flow' || resource.kind === 'Test')) {
    if (key === 'instance') {
      return [...result.context.instances.values()].map((instance) => ({ label: instance.name, kind: 'resource', detail: `instance of ${String(instance.value.spec?.connector ?? '?')}`, documentation: instance.value.metadata.description, replace: word }));
    }
    if (key === 'endpoint' && isObject(holder) && typeof holder.instance === 'string') {
      const connector = connectorOf(result, holder.instance);
      return Object.entries(endpointsOf(connector)).map(([name, endpoint]) => ({ label: name, kind: 'endpoint', detail: endpointLine(endpoint), documentation: describeEndpoint(connector!, name, endpoint), replace: word }));
    }
    if (key === 'flow') {
      return [...result.context.flows.values()].filter((flow) => flow.name !== resource.name).map((flow) => ({ label: flow.name, kind: 'resource', detail: 'flow', documentation: flow.value.metadata.description, replace: word }));
    }
  }
  if (place.role === 'value' && resource.kind === 'Instance' && path.join('/') === 'spec/connector') {
    return [...result.context.connectors.values()].map((connector) => {
      const version = String(connector.value.spec?.version ?? '');
      return { label: connector.name, kind: 'resource', detail: version ? `connector ${version}` : 'connector', documentation: connector.value.metadata.description, replace: word };
    });
  }
  // A key under a step's `input:` — the endpoint's inputs not given yet.
  if (place.role === 'key' && resource.kind === 'Flow' && path.at(-1) === 'input') {
    const step = valueAt(resource.value, path.slice(0, -1));
    if (isObject(step) && typeof step.instance === 'string' && typeof step.endpoint === 'string') {
      const connector = connectorOf(result, step.instance);
      const endpoint = endpointsOf(connector)[step.endpoint];
      const given = isObject(holder) ? holder : {};
      const inputs = isObject(endpoint) && isObject(endpoint.inputs) ? endpoint.inputs : {};
      return Object.entries(inputs)
        .filter(([name]) => !Object.prototype.hasOwnProperty.call(given, name))
        .map(([name, schema]) => ({ label: name, kind: 'input', detail: schemaLine(schema), documentation: isObject(schema) && typeof schema.description === 'string' ? schema.description : undefined, replace: word }));
    }
  }
  return [];
}

/**
 * Whether the cursor is where a value goes (`key: |`, `{ key: |}`) or where a key goes (a line
 * holding only a partial key), and for a key on a line of its own, the offset of the mapping's
 * key it belongs under (found by indentation, as the tree has no node for a half-typed line).
 */
function valuePlace(text: string, offset: number): { role: 'value' | 'key'; keyOffset?: number } | undefined {
  const { before, lineStart } = lineAround(text, offset);
  const value = /^(\s*(?:-\s+)?)([A-Za-z0-9_$-]+):[ \t]+["']?[^\s"'#,{}]*$/.exec(before);
  if (value) return { role: 'value', keyOffset: lineStart + value[1]!.length };
  if (/[{,]\s*[A-Za-z0-9_-]+:\s*["']?[^\s"',{}]*$/.test(before)) return { role: 'value' };
  const key = /^(\s*)(?:-\s+)?[A-Za-z0-9_-]*$/.exec(before);
  if (!key) return undefined;
  // The nearest line above with less indentation holds the key this one is under.
  const indent = key[1]!.length;
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    const match = /^(\s*)(?:-\s+)?([A-Za-z0-9_$-]+):/.exec(line);
    if (line.trim() !== '' && !line.trim().startsWith('#') && /^\s*/.exec(line)![0].length < indent) {
      return match ? { role: 'key', keyOffset: start + match[0].length - match[2]!.length - 1 } : undefined;
    }
    end = start - 1;
  }
  return undefined;
}

/** Inside `{{ … }}`: the roots, or after `settings.`/`credentials.`/`input.` in a connector, its names. */
function templateCompletions(result: ValidationResult, file: string, text: string, offset: number): Completion[] | undefined {
  const { before } = lineAround(text, offset);
  const open = /\{\{\s*([A-Za-z_]*)(?:\.([A-Za-z0-9_-]*))?$/.exec(before);
  if (!open) return undefined;
  const [, root, part] = open;
  if (part === undefined) return templateRoots.map((name) => ({ label: name, kind: 'field', replace: [offset - root!.length, offset] }));
  const found = resourceAt(result, file, offset);
  if (!found || found.resource.kind !== 'Connector') return [];
  const connector = found.resource as Resource<'Connector'>;
  const spec = connector.value.spec as Record<string, any>;
  const replace: [number, number] = [offset - part.length, offset];
  const names: [string, unknown][] =
    root === 'settings'
      ? Object.entries(isObject(spec?.settings?.properties) ? spec.settings.properties : {})
      : root === 'credentials'
        ? Object.entries(isObject(spec?.credentials) ? spec.credentials : {})
        : root === 'input' && found.cursor.path[1] === 'endpoints'
          ? Object.entries(isObject(spec?.endpoints?.[found.cursor.path[2]!]?.inputs) ? spec.endpoints[found.cursor.path[2]!].inputs : {})
          : [];
  return names.map(([name, schema]) => ({ label: name, kind: 'field', detail: schemaLine(schema), documentation: isObject(schema) && typeof schema.description === 'string' ? schema.description : undefined, replace }));
}

/** The name-like word around an offset: what a completion replaces. */
function wordAround(text: string, offset: number): [number, number] {
  const { before, after } = lineAround(text, offset);
  const start = offset - /[A-Za-z0-9_.@^~<>=-]*$/.exec(before)![0].length;
  const end = offset + /^[A-Za-z0-9_.@^~<>=-]*/.exec(after)![0].length;
  return [start, end];
}

function endpointsOf(connector: Resource<'Connector'> | undefined): Record<string, unknown> {
  const endpoints = (connector?.value.spec as Record<string, unknown> | undefined)?.endpoints;
  return isObject(endpoints) ? endpoints : {};
}

function endpointLine(endpoint: unknown): string {
  return isObject(endpoint) ? `${String(endpoint.method ?? 'GET')} ${String(endpoint.path ?? '')}` : '';
}

function schemaLine(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  return [type, schema.format].filter((part) => typeof part === 'string').join(', ') || undefined;
}

function describeEndpoint(connector: Resource<'Connector'>, name: string, endpoint: unknown): string {
  const lines = [`**${name}** — \`${endpointLine(endpoint)}\``, '', `connector \`${connector.name}\` ${String(connector.value.spec?.version ?? '')}`.trimEnd()];
  if (isObject(endpoint)) {
    if (typeof endpoint.description === 'string') lines.push('', endpoint.description);
    const inputs = isObject(endpoint.inputs) ? Object.entries(endpoint.inputs) : [];
    const required = new Set(Array.isArray(endpoint.requiredInputs) ? endpoint.requiredInputs.map(String) : []);
    for (const match of String(endpoint.path ?? '').matchAll(/\{\{\s*input\.([A-Za-z0-9_-]+)/g)) required.add(match[1]!);
    if (inputs.length > 0) {
      lines.push('', 'Inputs:');
      for (const [input, schema] of inputs) {
        const description = isObject(schema) && typeof schema.description === 'string' ? ` — ${schema.description}` : '';
        lines.push(`- \`${input}\`${schemaLine(schema) ? ` (${schemaLine(schema)})` : ''}${required.has(input) ? ', required' : ''}${description}`);
      }
    }
    if (typeof endpoint.records === 'string') lines.push('', `Records at \`${endpoint.records}\``);
    if (isObject(endpoint.pagination) && typeof endpoint.pagination.type === 'string') lines.push(`Pagination: ${endpoint.pagination.type}`);
  }
  return lines.join('\n');
}

/** Markdown for what a symbol is. */
export function hoverFor(result: ValidationResult, symbol: WeftSymbol): string | undefined {
  const { context } = result;
  switch (symbol.kind) {
    case 'endpoint': {
      const connector = context.connectors.get(symbol.connector);
      const endpoint = endpointsOf(connector)[symbol.name];
      return connector && endpoint !== undefined ? describeEndpoint(connector, symbol.name, endpoint) : undefined;
    }
    case 'Connector': {
      const connector = context.connectors.get(symbol.name);
      if (!connector) return undefined;
      const spec = connector.value.spec as Record<string, unknown> | undefined;
      const endpoints = Object.keys(endpointsOf(connector));
      return [
        `**${connector.name}** — connector, version ${String(spec?.version ?? '?')}`,
        connector.value.metadata.description ?? '',
        `${String(spec?.type ?? 'http')}${endpoints.length > 0 ? `; endpoints: ${endpoints.map((name) => `\`${name}\``).join(', ')}` : ''}`,
      ]
        .filter((line) => line !== '')
        .join('\n\n');
    }
    case 'Instance': {
      const instance = context.instances.get(symbol.name);
      if (!instance) return undefined;
      const reference = connectorReference(instance.value.spec?.connector);
      const connector = connectorOf(result, symbol.name);
      const version = connector ? ` (${String(connector.value.spec?.version ?? '?')})` : '';
      return [`**${instance.name}** — instance of \`${reference?.name ?? '?'}\`${reference?.range ? ` ${reference.range}` : ''}${version}`, instance.value.metadata.description ?? ''].filter(Boolean).join('\n\n');
    }
    case 'Flow':
    case 'Lookup':
    case 'Test':
    case 'Project': {
      const resource = context.byKind[symbol.kind].get(symbol.name);
      return resource && [`**${resource.name}** — ${symbol.kind.toLowerCase()}`, resource.value.metadata.description ?? ''].filter(Boolean).join('\n\n');
    }
    case 'setting':
    case 'credential':
    case 'input': {
      const connector = context.connectors.get(symbol.connector);
      const spec = connector?.value.spec as Record<string, any> | undefined;
      const schema =
        symbol.kind === 'input' ? spec?.endpoints?.[symbol.endpoint]?.inputs?.[symbol.name] : symbol.kind === 'setting' ? spec?.settings?.properties?.[symbol.name] : spec?.credentials?.[symbol.name];
      if (schema === undefined) return undefined;
      const what = symbol.kind === 'input' ? `input of \`${symbol.connector}.${symbol.endpoint}\`` : `${symbol.kind} of connector \`${symbol.connector}\``;
      const line = schemaLine(schema);
      return [`**${symbol.name}** — ${what}${line ? ` (${line})` : ''}`, isObject(schema) && typeof schema.description === 'string' ? schema.description : ''].filter(Boolean).join('\n\n');
    }
  }
}

/** A text edit in a project file: replace a span with text. */
export interface Edit {
  file: string;
  span: [number, number];
  text: string;
}

/** Raised when a rename cannot be made; its message is shown to the user. */
export class RenameError extends Error {}

/** The name at an offset that can be renamed, with its span; undefined where there is none. */
export function renameTarget(result: ValidationResult, file: string, offset: number): { symbol: WeftSymbol; place: Place } | undefined {
  const symbol = symbolAt(result, file, offset);
  if (!symbol || !['Instance', 'Connector', 'Flow', 'Lookup'].includes(symbol.kind)) return undefined;
  const place = occurrencesOf(result, symbol).find((candidate) => candidate.file === file && offset >= candidate.span[0] && offset <= candidate.span[1]);
  return place && { symbol, place };
}

/**
 * The edits that rename a resource: its name, every reference to it, the same resource in
 * environment overlays, and the old name added to `metadata.previousNames` so that plan and
 * apply keep its identity and history.
 */
export function renameEdits(result: ValidationResult, file: string, offset: number, newName: string): Edit[] {
  const target = renameTarget(result, file, offset);
  if (!target) throw new RenameError('only the name of a connector, instance, flow or lookup (or a reference to one) can be renamed');
  if (!namePattern.test(newName)) throw new RenameError(`'${newName}' is not a resource name: lowercase letters, digits and '-', starting with a letter, at most 63 characters`);
  const { symbol } = target;
  const kind = symbol.kind as 'Instance' | 'Connector' | 'Flow' | 'Lookup';
  if (newName === symbol.name) return [];
  if (result.context.byKind[kind].has(newName)) throw new RenameError(`there is already ${kind === 'Instance' ? 'an' : 'a'} ${kind.toLowerCase()} named '${newName}'`);
  const resource = result.context.byKind[kind].get(symbol.name);
  if (!resource) throw new RenameError(`${kind.toLowerCase()} '${symbol.name}' is not defined, so it cannot be renamed`);
  const edits: Edit[] = occurrencesOf(result, symbol).map((place) => ({ ...place, text: newName }));
  const previous = previousNamesEdit(result, resource, symbol.name);
  if (previous) edits.push(previous);
  return edits;
}

/** Adds the old name to `metadata.previousNames` (unless it is there), keeping the file's style. */
function previousNamesEdit(result: ValidationResult, resource: { file: string; document: number; value: { metadata: { previousNames?: unknown } } }, oldName: string): Edit | undefined {
  const text = result.project.sources.get(resource.file) ?? '';
  const names = resource.value.metadata.previousNames;
  if (Array.isArray(names) && names.includes(oldName)) return undefined;
  const document = documentsOf(text)[resource.document];
  if (!document) return undefined;
  const existing = pairAt(text, resource.document, ['metadata', 'previousNames']);
  if (existing?.value && Array.isArray(names) && names.length > 0) {
    const source = text.slice(existing.value[0], existing.value[1]);
    if (source.startsWith('[')) {
      const close = existing.value[0] + source.lastIndexOf(']');
      const inner = text.slice(existing.value[0] + 1, close);
      return { file: resource.file, span: [close - (inner.length - inner.trimEnd().length), close - (inner.length - inner.trimEnd().length)], text: `, ${oldName}` };
    }
    // A block sequence: a new item after its last line, at the items' indentation.
    const firstDash = existing.value[0];
    const dashIndent = firstDash - (text.lastIndexOf('\n', firstDash - 1) + 1);
    const lineEnd = endOfLine(text, existing.value[1] - 1);
    return { file: resource.file, span: [lineEnd, lineEnd], text: `\n${' '.repeat(dashIndent)}- ${oldName}` };
  }
  const name = pairAt(text, resource.document, ['metadata', 'name']);
  if (!name?.value) return undefined;
  if (name.flow) {
    const end = name.value[1] + (/^["']/.test(text.slice(name.value[1], name.value[1] + 1)) ? 1 : 0);
    return { file: resource.file, span: [end, end], text: `, previousNames: [${oldName}]` };
  }
  const lineEnd = endOfLine(text, name.value[1]);
  return { file: resource.file, span: [lineEnd, lineEnd], text: `\n${' '.repeat(name.indent)}previousNames: [${oldName}]` };
}

function endOfLine(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  const at = end === -1 ? text.length : end;
  return text[at - 1] === '\r' ? at - 1 : at;
}

/** A diagnostic as the editor sent it back: its code, hint, message and span in the file. */
export interface DiagnosticInFile {
  code?: string;
  message: string;
  hint?: string;
  span: [number, number];
}

export interface QuickFix {
  title: string;
  edits: Edit[];
  preferred?: boolean;
}

/** Quick fixes for a diagnostic: its did-you-mean, a reason for a weft-ignore, an unused weft-ignore removed. */
export function quickFixes(file: string, text: string, diagnostic: DiagnosticInFile): QuickFix[] {
  const fixes: QuickFix[] = [];
  const meant = /did you mean '([^']+)'\?/.exec(diagnostic.hint ?? '')?.[1];
  if (meant !== undefined) {
    const [start, end] = diagnostic.span;
    const source = text.slice(start, end);
    const quoted = [...diagnostic.message.matchAll(/'([^']+)'/g)].map((match) => match[1]!).filter((word) => word !== meant);
    // The misspelt word the message quotes, where it appears once in the span; else the span itself when it is one word.
    const word = quoted.find((candidate) => source.split(candidate).length === 2);
    if (word !== undefined) {
      const at = start + source.indexOf(word);
      fixes.push({ title: `Change '${word}' to '${meant}'`, edits: [{ file, span: [at, at + word.length], text: meant }], preferred: true });
    } else if (/^[A-Za-z0-9_.$-]+$/.test(source) && source !== meant) {
      fixes.push({ title: `Change '${source}' to '${meant}'`, edits: [{ file, span: [start, end], text: meant }], preferred: true });
    }
  }
  if (diagnostic.code === 'bad-suppression' && /gives no reason/.test(diagnostic.message)) {
    const lineEnd = endOfLine(text, diagnostic.span[0]);
    const comment = text.slice(diagnostic.span[0], lineEnd);
    const trimmed = comment.trimEnd();
    const at = diagnostic.span[0] + trimmed.length;
    const colon = trimmed.endsWith(':') ? ' ' : ': ';
    fixes.push({ title: 'Add the reason this is safe to ignore', edits: [{ file, span: [at, lineEnd], text: `${colon}TODO say why this is safe to ignore` }], preferred: true });
  }
  if (diagnostic.code === 'unused-suppression') {
    const [start] = diagnostic.span;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = endOfLine(text, start);
    const alone = text.slice(lineStart, start).trim() === '';
    const next = text.indexOf('\n', lineEnd);
    const span: [number, number] = alone ? [lineStart, next === -1 ? text.length : next + 1] : [start - (text.slice(lineStart, start).length - text.slice(lineStart, start).trimEnd().length), lineEnd];
    fixes.push({ title: 'Remove the unused weft-ignore comment', edits: [{ file, span, text: '' }] });
  }
  return fixes;
}
