import { isMap, isScalar, type Node } from 'yaml';
import type { ValidationResult } from '../pipeline/validate-project.js';
import type { AnyResource, Resource, ResourceKind } from '../schema/resource.js';
import { connectorReference, instanceReferences, isObject } from '../check/references.js';
import { flowSteps } from '../steps/registry.js';
import { lookupCalls } from '../lex/lookup-calls.js';
import { locatePointer } from '../parse/locate.js';
import { pointerFrom, pointerSegments } from '../parse/pointer.js';
import { cursorAt, documentsOf, nodeAtPath, valueSpan, type Cursor } from './yaml-cursor.js';

/** What a name in the project stands for: a resource, or a part of a connector. */
export type WeftSymbol =
  | { kind: ResourceKind; name: string }
  | { kind: 'endpoint'; connector: string; name: string }
  | { kind: 'setting' | 'credential'; connector: string; name: string }
  | { kind: 'input'; connector: string; endpoint: string; name: string };

/** A place in a project file: its path and a source span. */
export interface Place {
  file: string;
  span: [number, number];
}

/** The resource a document of a file is, with the cursor in it. */
export interface CursorInResource {
  resource: AnyResource;
  cursor: Cursor;
  text: string;
}

export function resourceAt(result: ValidationResult, file: string, offset: number): CursorInResource | undefined {
  const text = result.project.sources.get(file);
  if (text === undefined) return undefined;
  const cursor = cursorAt(text, offset);
  if (!cursor) return undefined;
  const resource = result.project.resources.find((candidate) => candidate.file === file && candidate.document === cursor.document);
  return resource && { resource, cursor, text };
}

/** The connector an instance uses (its name), as the checks resolved it or as it names it. */
export function connectorOf(result: ValidationResult, instance: string): Resource<'Connector'> | undefined {
  const resolved = result.context.connectorOfInstance.get(instance);
  if (resolved) return resolved;
  const named = connectorReference(result.context.instances.get(instance)?.value.spec?.connector)?.name;
  return named === undefined ? undefined : result.context.connectors.get(named);
}

/** The symbol at an offset of a file: a name defined or referenced there. */
export function symbolAt(result: ValidationResult, file: string, offset: number): WeftSymbol | undefined {
  const found = resourceAt(result, file, offset);
  if (!found) return undefined;
  const { resource, cursor, text } = found;
  const path = cursor.path.map(String);
  const pointer = pointerFrom(path);
  if (pointer === '/metadata/name' && cursor.role === 'value') return { kind: resource.kind, name: resource.name };
  if (pointer === '/metadata/previousNames' || pointer.startsWith('/metadata/previousNames/')) return undefined;
  const value = cursor.scalar && cursor.role === 'value' && typeof cursor.scalar.value === 'string' ? cursor.scalar.value : undefined;
  switch (resource.kind) {
    case 'Instance': {
      if (pointer === '/spec/connector' && value !== undefined) {
        const name = connectorReference(value)!.name;
        return { kind: 'Connector', name };
      }
      const connector = connectorOf(result, resource.name);
      if (connector && path.length === 3 && path[0] === 'spec' && path[1] === 'settings' && cursor.role === 'key') return { kind: 'setting', connector: connector.name, name: path[2]! };
      if (connector && path.length === 3 && path[0] === 'spec' && path[1] === 'credentials' && cursor.role === 'key') return { kind: 'credential', connector: connector.name, name: path[2]! };
      return undefined;
    }
    case 'Flow':
      return symbolInFlow(result, resource as Resource<'Flow'>, pointer, cursor, text, offset);
    case 'Test':
      return symbolInTest(result, resource as Resource<'Test'>, path, cursor);
    case 'Connector':
      return symbolInConnector(resource as Resource<'Connector'>, path, cursor, text, offset);
    default:
      return undefined;
  }
}

function symbolInFlow(result: ValidationResult, flow: Resource<'Flow'>, pointer: string, cursor: Cursor, text: string, offset: number): WeftSymbol | undefined {
  for (const reference of instanceReferences(flow)) {
    if (cursor.role === 'value' && reference.pointer === pointer) return { kind: 'Instance', name: reference.instance };
    const endpoint = reference.endpoint;
    if (!endpoint) continue;
    const connector = connectorOf(result, reference.instance);
    if (cursor.role === 'value' && `${endpoint.pointer}/endpoint` === pointer) return connector && { kind: 'endpoint', connector: connector.name, name: endpoint.name };
    const inputs = `${endpoint.pointer}/input/`;
    if (cursor.role === 'key' && pointer.startsWith(inputs) && !pointer.slice(inputs.length).includes('/') && connector) {
      return { kind: 'input', connector: connector.name, endpoint: endpoint.name, name: pointerSegments(pointer).at(-1)! };
    }
  }
  for (const { kind, body, pointer: at } of flowSteps(flow.value.spec)) {
    for (const child of kind.flows?.(body, at) ?? []) if (cursor.role === 'value' && child.pointer === pointer) return { kind: 'Flow', name: child.flow };
    for (const expression of kind.expressions(body, at)) {
      if (expression.pointer !== pointer || !cursor.scalar?.range) continue;
      const name = quotedNameAt(text, offset);
      if (name !== undefined && lookupCalls(expression.text).some((call) => call.name === name)) return { kind: 'Lookup', name };
    }
  }
  return undefined;
}

function symbolInTest(result: ValidationResult, test: Resource<'Test'>, path: string[], cursor: Cursor): WeftSymbol | undefined {
  if (cursor.role !== 'value' || !cursor.scalar || typeof cursor.scalar.value !== 'string') return undefined;
  const value = cursor.scalar.value;
  const last = path.at(-1);
  if (path.join('/') === 'spec/flow') return { kind: 'Flow', name: value };
  if (last === 'instance') return { kind: 'Instance', name: value };
  if (last === 'endpoint') {
    const holder = valueAt(test.value, path.slice(0, -1));
    const instance = isObject(holder) && typeof holder.instance === 'string' ? holder.instance : undefined;
    const connector = instance === undefined ? undefined : connectorOf(result, instance);
    return connector && { kind: 'endpoint', connector: connector.name, name: value };
  }
  return undefined;
}

function symbolInConnector(connector: Resource<'Connector'>, path: string[], cursor: Cursor, text: string, offset: number): WeftSymbol | undefined {
  const name = connector.name;
  if (cursor.role === 'key') {
    if (path.length === 3 && path[0] === 'spec' && path[1] === 'endpoints') return { kind: 'endpoint', connector: name, name: path[2]! };
    if (path.length === 4 && path[0] === 'spec' && path[1] === 'settings' && path[2] === 'properties') return { kind: 'setting', connector: name, name: path[3]! };
    if (path.length === 3 && path[0] === 'spec' && path[1] === 'credentials') return { kind: 'credential', connector: name, name: path[2]! };
    if (path.length === 5 && path[0] === 'spec' && path[1] === 'endpoints' && path[3] === 'inputs') return { kind: 'input', connector: name, endpoint: path[2]!, name: path[4]! };
    return undefined;
  }
  const template = templateAt(text, offset);
  if (!template || template.path.length === 0) return undefined;
  const [first] = template.path;
  if (template.root === 'settings') return { kind: 'setting', connector: name, name: first! };
  if (template.root === 'credentials') return { kind: 'credential', connector: name, name: first! };
  if (template.root === 'input' && path[0] === 'spec' && path[1] === 'endpoints' && path[2] !== undefined) return { kind: 'input', connector: name, endpoint: path[2], name: first! };
  return undefined;
}

/** The `{{ root.path }}` template around an offset on its line, with its source span. */
export function templateAt(text: string, offset: number): { root: string; path: string[]; span: [number, number] } | undefined {
  const open = text.lastIndexOf('{{', offset);
  if (open === -1) return undefined;
  const close = text.indexOf('}}', open);
  const lineEnd = text.indexOf('\n', open);
  if (close === -1 || close + 2 < offset || (lineEnd !== -1 && lineEnd < close)) return undefined;
  const [root, ...path] = text.slice(open + 2, close).trim().split('.');
  return { root: root!, path, span: [open, close + 2] };
}

/** The quoted name ('…' or "…") around an offset: a resource name between two like quotes. */
function quotedNameAt(text: string, offset: number): string | undefined {
  const nameChar = /[a-z0-9-]/;
  let start = offset;
  while (start > 0 && nameChar.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && nameChar.test(text[end]!)) end++;
  const quote = text[start - 1];
  return (quote === "'" || quote === '"') && text[end] === quote && end > start ? text.slice(start, end) : undefined;
}

export function valueAt(value: unknown, path: readonly string[]): unknown {
  let at: unknown = value;
  for (const segment of path) {
    if (Array.isArray(at)) at = at[Number(segment)];
    else if (isObject(at)) at = Object.prototype.hasOwnProperty.call(at, segment) ? at[segment] : undefined;
    else return undefined;
  }
  return at;
}

/** The source span of the node (or with `atKey`, its key) a pointer names in a resource's document. */
export function spanOf(result: ValidationResult, resource: { file: string; document: number }, pointer: string, atKey = false): Place {
  const text = result.project.sources.get(resource.file) ?? '';
  const document = documentsOf(text)[resource.document];
  return { file: resource.file, span: document ? locatePointer(document, pointer, atKey) : [0, 0] };
}

/** Where a symbol is defined. */
export function definitionOf(result: ValidationResult, symbol: WeftSymbol): Place | undefined {
  switch (symbol.kind) {
    case 'endpoint':
    case 'setting':
    case 'credential':
    case 'input': {
      const connector = result.context.connectors.get(symbol.connector);
      if (!connector) return undefined;
      const pointer = definingPointer(symbol);
      const exists = valueAt(connector.value, pointerSegments(pointer)) !== undefined;
      return spanOf(result, connector, exists ? pointer : symbol.kind === 'input' ? pointerFrom(['spec', 'endpoints', symbol.endpoint]) : pointer, true);
    }
    default: {
      const resource = (result.context.byKind[symbol.kind] as Map<string, AnyResource>).get(symbol.name);
      return resource && narrow(result, spanOf(result, resource, '/metadata/name'), symbol.name);
    }
  }
}

function definingPointer(symbol: Exclude<WeftSymbol, { kind: ResourceKind }>): string {
  switch (symbol.kind) {
    case 'endpoint':
      return pointerFrom(['spec', 'endpoints', symbol.name]);
    case 'setting':
      return pointerFrom(['spec', 'settings', 'properties', symbol.name]);
    case 'credential':
      return pointerFrom(['spec', 'credentials', symbol.name]);
    case 'input':
      return pointerFrom(['spec', 'endpoints', symbol.endpoint, 'inputs', symbol.name]);
  }
}

/**
 * Every place a symbol is named, its definition first: what find-references lists and rename
 * rewrites. Each span covers exactly the name (inside quotes; `shopify` of `shopify@^1.4`).
 */
export function occurrencesOf(result: ValidationResult, symbol: WeftSymbol): Place[] {
  const places: Place[] = [];
  const definition = definitionOf(result, symbol);
  if (definition) places.push(narrow(result, definition, symbol.name));
  const add = (resource: { file: string; document: number }, pointer: string) => places.push(narrow(result, spanOf(result, resource, pointer), symbol.name));
  const documents = allDocuments(result);
  const ofKind = <K extends ResourceKind>(kind: K) => documents.filter((document) => document.kind === kind) as unknown as Resource<K>[];
  // The same resource in environment overlays (patches name it) and duplicates: each names it.
  if (symbol.kind !== 'endpoint' && symbol.kind !== 'setting' && symbol.kind !== 'credential' && symbol.kind !== 'input') {
    for (const document of ofKind(symbol.kind)) if (document.name === symbol.name) add(document, '/metadata/name');
  }
  switch (symbol.kind) {
    case 'Instance':
      for (const flow of ofKind('Flow')) for (const reference of instanceReferences(flow)) if (reference.instance === symbol.name) add(flow, reference.pointer);
      for (const test of ofKind('Test')) for (const pointer of pointersUnderKey(test.value, 'instance', symbol.name)) add(test, pointer);
      break;
    case 'Connector':
      for (const instance of ofKind('Instance')) if (connectorReference(instance.value.spec?.connector)?.name === symbol.name) add(instance, '/spec/connector');
      break;
    case 'Flow':
      for (const flow of ofKind('Flow')) {
        for (const { kind, body, pointer } of flowSteps(flow.value.spec)) for (const child of kind.flows?.(body, pointer) ?? []) if (child.flow === symbol.name) add(flow, child.pointer);
      }
      for (const test of ofKind('Test')) if ((test.value.spec as { flow?: unknown } | undefined)?.flow === symbol.name) add(test, '/spec/flow');
      break;
    case 'Lookup':
      for (const flow of ofKind('Flow')) {
        for (const { kind, body, pointer } of flowSteps(flow.value.spec)) {
          for (const expression of kind.expressions(body, pointer)) {
            if (!lookupCalls(expression.text).some((call) => call.name === symbol.name)) continue;
            places.push(...quotedInNode(result, flow, expression.pointer, symbol.name));
          }
        }
      }
      break;
    case 'endpoint':
      for (const flow of ofKind('Flow')) {
        for (const reference of instanceReferences(flow)) {
          if (reference.endpoint?.name === symbol.name && connectorOf(result, reference.instance)?.name === symbol.connector) add(flow, `${reference.endpoint.pointer}/endpoint`);
        }
      }
      break;
    case 'input':
      for (const flow of ofKind('Flow')) {
        for (const reference of instanceReferences(flow)) {
          const endpoint = reference.endpoint;
          if (endpoint?.name !== symbol.endpoint || connectorOf(result, reference.instance)?.name !== symbol.connector) continue;
          if (endpoint.input && Object.prototype.hasOwnProperty.call(endpoint.input, symbol.name)) add(flow, `${endpoint.pointer}/input/${pointerFrom([symbol.name]).slice(1)}`);
        }
      }
      places.push(...templatesIn(result, symbol.connector, 'input', symbol.name, symbol.endpoint));
      // spanOf points at the value; an input of a step is named by its key.
      return dedupe(places.map((place, index) => (index === 0 ? place : keyPlace(result, place))));
    case 'setting':
    case 'credential': {
      const plural = symbol.kind === 'setting' ? 'settings' : 'credentials';
      places.push(...templatesIn(result, symbol.connector, plural, symbol.name));
      for (const instance of ofKind('Instance')) {
        if (connectorOf(result, instance.name)?.name !== symbol.connector) continue;
        const values = (instance.value.spec as unknown as Record<string, unknown> | undefined)?.[plural];
        if (isObject(values) && Object.prototype.hasOwnProperty.call(values, symbol.name)) places.push(spanOf(result, instance, pointerFrom(['spec', plural, symbol.name]), true));
      }
      break;
    }
  }
  return dedupe(places);
}

/**
 * The project's resources and the documents of its environments' overlay folders (patches of a
 * resource, and resources an environment adds): all of them name resources.
 */
function allDocuments(result: ValidationResult): AnyResource[] {
  const documents: AnyResource[] = [...result.project.resources];
  for (const overlay of result.project.overlays) {
    for (const { index, value } of overlay.documents) {
      if (!isObject(value) || typeof value.kind !== 'string' || !isObject(value.metadata) || typeof value.metadata.name !== 'string') continue;
      documents.push({ kind: value.kind, name: value.metadata.name, file: overlay.file, document: index, value, valid: false } as AnyResource);
    }
  }
  return documents;
}

/** A place at a step input's value, moved to its key. */
function keyPlace(result: ValidationResult, place: Place): Place {
  const text = result.project.sources.get(place.file) ?? '';
  // Walk back over `key: ` (or `key:`) to the key's start.
  const before = text.slice(0, place.span[0]);
  const match = /([A-Za-z0-9_$-]+)["']?\s*:\s*$/.exec(before);
  if (!match) return place;
  const start = before.length - match[0].length;
  return { file: place.file, span: [start, start + match[1]!.length] };
}

/** Pointers of string values equal to `name` held under a key named `key`, anywhere in a value. */
function pointersUnderKey(value: unknown, key: string, name: string, path: string[] = [], found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item, index) => pointersUnderKey(item, key, name, [...path, String(index)], found));
  else if (isObject(value)) {
    for (const [childKey, child] of Object.entries(value)) {
      if (childKey === key && child === name) found.push(pointerFrom([...path, childKey]));
      else pointersUnderKey(child, key, name, [...path, childKey], found);
    }
  }
  return found;
}

/** `{{root.name}}` templates in a connector's document (in one endpoint's, for inputs). */
function templatesIn(result: ValidationResult, connectorName: string, root: string, name: string, endpoint?: string): Place[] {
  const connector = result.context.connectors.get(connectorName);
  if (!connector) return [];
  const text = result.project.sources.get(connector.file) ?? '';
  const document = documentsOf(text)[connector.document];
  const node = document && (endpoint === undefined ? (document.contents as Node | null) : nodeAtPath(document, ['spec', 'endpoints', endpoint]));
  if (!node?.range) return [];
  const [from, to] = [node.range[0], node.range[2] ?? node.range[1]];
  const places: Place[] = [];
  const pattern = new RegExp(`\\{\\{\\s*${root}\\.(${escape(name)})(?=[.\\s}])`, 'g');
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match && match.index < to; match = pattern.exec(text)) {
    const start = match.index + match[0].length - match[1]!.length;
    places.push({ file: connector.file, span: [start, start + name.length] });
  }
  return places;
}

/** Each quoted `'name'` inside the source of the node at a pointer (a $lookup's table name). */
function quotedInNode(result: ValidationResult, resource: AnyResource, pointer: string, name: string): Place[] {
  const text = result.project.sources.get(resource.file) ?? '';
  const document = documentsOf(text)[resource.document];
  const node = document && nodeAtPath(document, pointerSegments(pointer));
  if (!node?.range) return [];
  const source = text.slice(node.range[0], node.range[1]);
  const places: Place[] = [];
  for (const match of source.matchAll(new RegExp(`\\$lookup\\(\\s*(['"])(${escape(name)})\\1`, 'g'))) {
    const start = node.range[0] + match.index! + match[0].length - 1 - name.length;
    places.push({ file: resource.file, span: [start, start + name.length] });
  }
  return places;
}

/** A span narrowed to the name in it: inside quotes, or the name part of `name@range`. */
function narrow(result: ValidationResult, place: Place, name: string): Place {
  const text = result.project.sources.get(place.file) ?? '';
  const source = text.slice(place.span[0], place.span[1]);
  if (source === name) return place;
  const at = source.indexOf(name);
  if (at === -1) return place;
  return { file: place.file, span: [place.span[0] + at, place.span[0] + at + name.length] };
}

function dedupe(places: Place[]): Place[] {
  const seen = new Set<string>();
  return places.filter((place) => {
    const key = `${place.file}:${place.span[0]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The key of a mapping pair whose value is at a path (for edits next to `name:`). */
export function pairAt(text: string, document: number, path: readonly string[]): { key: [number, number]; value?: [number, number]; flow: boolean; indent: number } | undefined {
  const parsed = documentsOf(text)[document];
  const parent = parsed && nodeAtPath(parsed, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === path.at(-1));
  const key = pair?.key as Node | undefined;
  if (!key?.range) return undefined;
  const value = pair!.value as Node | null;
  const lineStart = text.lastIndexOf('\n', key.range[0] - 1) + 1;
  return {
    key: [key.range[0], key.range[1]],
    ...(value?.range ? { value: isScalar(value) ? valueSpan(value) : [value.range[0], value.range[1]] } : {}),
    flow: !!parent.flow,
    indent: key.range[0] - lineStart,
  };
}
