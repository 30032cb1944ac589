// The file-format reference, docs/reference/*.md, generated from the JSON Schemas' own
// descriptions, so the reference cannot say something the validator does not check.
// scripts/gen.mjs writes these files (npm run gen) and compares them (npm run gen:check).
//
// Every keyword of every schema is either rendered or refused: a schema that grows a keyword
// this module does not know makes `npm run gen` fail rather than leave it out of the docs.

/** The resource kinds documented, each with its schema file, in reading order. */
export const documentedKinds = [
  { kind: 'Project', file: 'project.schema.json', page: 'project.md' },
  { kind: 'Connector', file: 'connector.schema.json', page: 'connector.md' },
  { kind: 'Instance', file: 'instance.schema.json', page: 'instance.md' },
  { kind: 'Flow', file: 'flow.schema.json', page: 'flow.md' },
  { kind: 'Lookup', file: 'lookup.schema.json', page: 'lookup.md' },
  { kind: 'Test', file: 'test.schema.json', page: 'test.md' },
];

export const referenceDirectory = 'docs/reference/';

const banner = '<!-- Generated from schemas/ by scripts/gen-docs.mjs (npm run gen). Do not edit. -->';

const knownKeywords = new Set([
  '$schema', '$id', '$defs', '$ref', 'title', 'description', 'type', 'properties', 'required',
  'additionalProperties', 'items', 'enum', 'const', 'default', 'pattern', 'format', 'minimum',
  'maximum', 'exclusiveMinimum', 'minLength', 'maxLength', 'minItems', 'uniqueItems',
  'propertyNames', 'oneOf', 'discriminator', 'allOf', 'if', 'then', 'minProperties', 'maxProperties',
]);

/**
 * The reference pages, by path relative to the repository root.
 * @param {Record<string, Record<string, unknown>>} schemas the files of schemas/, parsed, by file name
 * @returns {Record<string, string>}
 */
export function referenceDocs(schemas) {
  const pages = { [`${referenceDirectory}README.md`]: indexPage(schemas) };
  for (const { file, page } of documentedKinds) pages[`${referenceDirectory}${page}`] = kindPage(schemas, file);
  return pages;
}

function indexPage(schemas) {
  const lines = [
    banner,
    '# File format reference',
    '',
    'Every document in a weft project has `apiVersion: weft/v1`, a `kind`, a `metadata` block and',
    "(except a Project, where it is optional) a `spec`. These pages list every field of each kind,",
    'generated from the JSON Schemas in [`schemas/`](../../schemas/) — the same schemas `weft validate`',
    'checks documents against and `weft schema` prints for editors.',
    '',
    '| kind | page | what it is |',
    '|---|---|---|',
  ];
  for (const { kind, file, page } of documentedKinds) lines.push(`| \`${kind}\` | [${page}](${page}) | ${text(schemas[file].description ?? '')} |`);
  lines.push(
    '',
    'How to read the tables:',
    '',
    '- **field** is the path from the document\'s root: `a.b` is field `b` inside `a`, `a[]` an item',
    '  of the array `a`, `a.<name>` the value under any key of the map `a`.',
    '- **required** says whether the field must be given when its parent is. A field with a',
    '  **default** that is left out is compiled into the bundle with that value.',
    '- **allowed** lists the values, pattern, bounds or key pattern the schema enforces; anything',
    '  else is the diagnostic `schema`.',
    '- An object accepts only the fields listed under it, unless its row says *other keys allowed*.',
    '- Where a field takes one of several shapes (an auth method, a pagination, a trigger, a step),',
    '  each shape has its own section below the main table.',
    '',
  );
  return lines.join('\n');
}

function kindPage(schemas, file) {
  const root = schemas[file];
  const page = new Page(schemas);
  const main = page.section(null);
  page.walkObject(resolved({ schema: root, file }, schemas), '', main);
  const lines = [banner, `# ${root.title}`, '', text(root.description ?? ''), '', `Schema: [\`schemas/${file}\`](../../schemas/${file}).`, ''];
  for (const section of page.sections) lines.push(...section.render());
  return lines.join('\n');
}

/** A schema with its $ref followed (siblings of $ref win, as in 2020-12) and the file it is in. */
function resolved({ schema, file }, schemas) {
  if (typeof schema !== 'object' || schema === null) return { schema, file, title: undefined };
  for (const keyword of Object.keys(schema)) {
    if (!knownKeywords.has(keyword)) throw new Error(`scripts/gen-docs.mjs cannot render the keyword '${keyword}' (in ${file})`);
  }
  if (typeof schema.$ref !== 'string') return { schema, file, title: schema.title };
  const [target, pointer = ''] = schema.$ref.split('#');
  const targetFile = target === '' ? file : target;
  let node = schemas[targetFile];
  if (!node) throw new Error(`unresolved $ref '${schema.$ref}' in ${file}`);
  for (const segment of pointer.split('/').filter(Boolean)) node = node?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`unresolved $ref '${schema.$ref}' in ${file}`);
  const inner = resolved({ schema: node, file: targetFile }, schemas);
  const { $ref: _ref, ...siblings } = schema;
  return { schema: { ...inner.schema, ...siblings }, file: inner.file, title: siblings.title ?? inner.title };
}

class Page {
  constructor(schemas) {
    this.schemas = schemas;
    /** @type {Section[]} */
    this.sections = [];
  }

  section(heading, intro = [], level = 2) {
    const section = new Section(heading, intro, level);
    this.sections.push(section);
    return section;
  }

  /** The rows of an object's properties (and what hangs below them) into `section`. */
  walkObject(node, path, section) {
    const { schema } = node;
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const exclusive = exclusiveProperties(schema);
    for (const [name, property] of Object.entries(properties)) {
      if (exclusive.has(name)) continue;
      this.walkField(resolved({ schema: property, file: node.file }, this.schemas), join(path, name), required.has(name) ? 'yes' : 'no', section);
    }
    for (const rule of conditions(schema, path)) section.notes.push(rule);
    if (exclusive.size > 0) {
      const names = [...exclusive];
      this.section(`\`${path}\`: exactly one of ${names.map(code).join(', ')}`, [
        `A \`${path}\` holds exactly one of these fields${Object.keys(properties).length > names.length ? ', besides the fields in the table above' : ''}.`,
      ]);
      for (const name of names) {
        const field = this.section(`\`${join(path, name)}\``, [], 3);
        this.walkField(resolved({ schema: properties[name], file: node.file }, this.schemas), join(path, name), 'one of', field);
      }
    }
  }

  /** One field's row, then its children: an object's fields, a map's values, an array's items. */
  walkField(node, path, required, section) {
    const { schema } = node;
    if (schema === true || schema === undefined) {
      section.rows.push({ path, type: 'any', required, defaultValue: '', allowed: '', description: '' });
      return;
    }
    // A schema inside itself (steps hold steps): its row points to where it is described.
    this.walking ??= new Map();
    const identity = node.title === undefined ? schema : `${node.file}#${node.title}`;
    const outer = this.walking.get(identity);
    if (outer !== undefined) {
      section.rows.push({ path, type: typeOf(schema, this.schemas, node.file), required, defaultValue: '', allowed: '', description: `${text(schema.description ?? '')} The same as ${code(outer)}.` });
      return;
    }
    this.walking.set(identity, path);
    try {
      this.walkFieldOnce(node, path, required, section);
    } finally {
      this.walking.delete(identity);
    }
  }

  walkFieldOnce(node, path, required, section) {
    const { schema } = node;
    const alternatives = Array.isArray(schema.oneOf) && schema.discriminator ? schema.discriminator.propertyName : undefined;
    section.rows.push({
      path,
      type: typeOf(schema, this.schemas, node.file),
      required,
      defaultValue: schema.default === undefined ? '' : code(JSON.stringify(schema.default)),
      allowed: allowedOf(schema, this.schemas, node.file),
      description: text(schema.description ?? '') + (alternatives ? ` One of the shapes below, chosen by \`${alternatives}\`.` : ''),
    });
    if (alternatives) this.walkAlternatives(node, path, alternatives);
    if (schema.properties || schema.oneOf) {
      if (!alternatives) this.walkObject(node, path, section);
    }
    if (isSchema(schema.additionalProperties)) {
      const value = resolved({ schema: schema.additionalProperties, file: node.file }, this.schemas);
      if (isStructured(value.schema)) this.walkField(value, `${path}.<name>`, '—', section);
    }
    if (isSchema(schema.items)) {
      const item = resolved({ schema: schema.items, file: node.file }, this.schemas);
      if (isStructured(item.schema)) this.walkField(item, `${path}[]`, '—', section);
    }
  }

  /** A oneOf chosen by a discriminator: one section per alternative. */
  walkAlternatives(node, path, discriminator) {
    const { schema } = node;
    this.section(`\`${path}\`: one of ${schema.oneOf.length} shapes, by \`${discriminator}\``, [
      text(schema.description ?? ''),
    ]);
    for (const alternative of schema.oneOf) {
      const branch = resolved({ schema: alternative, file: node.file }, this.schemas);
      const value = branch.schema.properties?.[discriminator]?.const;
      const title = branch.title ? ` (${branch.title})` : '';
      const section = this.section(`\`${path}\` with \`${discriminator}: ${value}\`${title}`, [], 3);
      const merged = { ...branch, schema: { ...branch.schema, required: [...new Set([discriminator, ...(branch.schema.required ?? [])])] } };
      this.walkObject(merged, path, section);
      if (Object.keys(branch.schema.properties ?? {}).length === 1) section.intro.push('No other fields.');
    }
  }
}

class Section {
  constructor(heading, intro, level = 2) {
    this.heading = heading;
    this.intro = intro.filter(Boolean);
    this.level = level;
    this.rows = [];
    this.notes = [];
  }

  render() {
    const lines = [];
    if (this.heading) lines.push(`${'#'.repeat(this.level)} ${this.heading}`, '');
    if (this.intro.length > 0) lines.push(this.intro.join(' '), '');
    if (this.rows.length > 0) {
      lines.push('| field | type | required | default | allowed | description |', '|---|---|---|---|---|---|');
      for (const row of this.rows) lines.push(`| ${code(row.path)} | ${row.type} | ${row.required} | ${row.defaultValue} | ${row.allowed} | ${row.description} |`);
      lines.push('');
    }
    if (this.notes.length > 0) {
      for (const note of this.notes) lines.push(`- ${note}`);
      lines.push('');
    }
    return lines;
  }
}

/**
 * Properties of which exactly one may be given: a oneOf whose branches each only require one
 * property (a step's kinds), or an object with exactly one property (a trigger).
 */
function exclusiveProperties(schema) {
  if (Array.isArray(schema.oneOf) && !schema.discriminator) {
    const names = schema.oneOf.map((branch) => {
      const keys = Object.keys(branch);
      if (keys.length !== 1 || keys[0] !== 'required' || branch.required.length !== 1) {
        throw new Error('scripts/gen-docs.mjs renders a oneOf without a discriminator only as branches of { required: [one property] }');
      }
      return branch.required[0];
    });
    return new Set(names);
  }
  if (schema.maxProperties === 1 && schema.minProperties === 1 && schema.properties) return new Set(Object.keys(schema.properties));
  if (schema.maxProperties !== undefined || schema.minProperties !== undefined) {
    throw new Error('scripts/gen-docs.mjs renders minProperties/maxProperties only as "exactly one of"');
  }
  return new Set();
}

/** if/then rules (in allOf or on the object itself) as sentences. */
function conditions(schema, path) {
  const rules = [];
  const branches = [...(schema.allOf ?? []), ...(schema.if ? [{ if: schema.if, then: schema.then }] : [])];
  for (const branch of branches) {
    const keys = Object.keys(branch);
    if (!branch.if || !branch.then || keys.some((key) => key !== 'if' && key !== 'then')) {
      throw new Error('scripts/gen-docs.mjs renders allOf only as if/then branches');
    }
    const tested = Object.entries(branch.if.properties ?? {});
    if (tested.length !== 1 || tested[0][1].const === undefined) throw new Error('scripts/gen-docs.mjs renders an if only as one property equal to a const');
    const [[name, { const: value }]] = tested;
    const present = (branch.if.required ?? []).includes(name);
    const when = `when ${code(join(path, name))} is ${code(String(value))}${present ? '' : ' or left out'}`;
    const effects = [];
    const then = branch.then;
    if (then.required?.length) effects.push(`${list(then.required.map((field) => code(join(path, field))))} ${then.required.length === 1 ? 'is' : 'are'} required`);
    const forbidden = Object.entries(then.properties ?? {}).filter(([, property]) => property === false).map(([field]) => code(join(path, field)));
    if (forbidden.length) effects.push(`${list(forbidden)} must not be given`);
    const other = Object.keys(then).filter((key) => key !== 'required' && key !== 'properties');
    if (other.length || Object.values(then.properties ?? {}).some((property) => property !== false)) {
      throw new Error('scripts/gen-docs.mjs renders a then only as required fields and forbidden ones');
    }
    rules.push(`${when.charAt(0).toUpperCase()}${when.slice(1)}: ${effects.join('; ')}.`);
  }
  return rules;
}

function typeOf(schema, schemas, file) {
  if (schema === true) return 'any';
  if (schema.const !== undefined) return jsonType(schema.const);
  if (Array.isArray(schema.oneOf) && schema.discriminator) return 'object';
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.enum ? [...new Set(schema.enum.map(jsonType))] : [];
  if (types.length === 0) return 'any';
  if (types.length === 1 && types[0] === 'array' && isSchema(schema.items)) {
    return `array of ${typeOf(resolved({ schema: schema.items, file }, schemas).schema, schemas, file)}`;
  }
  if (types.length === 1 && types[0] === 'object' && isSchema(schema.additionalProperties) && !schema.properties) {
    return `map of ${typeOf(resolved({ schema: schema.additionalProperties, file }, schemas).schema, schemas, file)}`;
  }
  return types.join(' \\| ');
}

function allowedOf(schema, schemas, file) {
  const parts = [];
  if (schema.const !== undefined) parts.push(code(String(schema.const)));
  if (schema.enum) parts.push(schema.enum.map((value) => code(String(value))).join(', '));
  parts.push(...bounds(schema));
  if (schema.propertyNames) {
    const { pattern, ...rest } = schema.propertyNames;
    if (Object.keys(rest).length > 0 || !pattern) throw new Error('scripts/gen-docs.mjs renders propertyNames only as a pattern');
    parts.push(`keys match ${code(pattern)}`);
  }
  if (isSchema(schema.items)) {
    const item = resolved({ schema: schema.items, file }, schemas).schema;
    if (!isStructured(item)) {
      const itemParts = [...(item.enum ? [item.enum.map((value) => code(String(value))).join(', ')] : []), ...bounds(item)];
      if (itemParts.length) parts.push(`each: ${itemParts.join(', ')}`);
    }
  }
  if (isSchema(schema.additionalProperties)) {
    const value = resolved({ schema: schema.additionalProperties, file }, schemas).schema;
    if (!isStructured(value)) {
      const valueParts = bounds(value);
      if (valueParts.length) parts.push(`each value: ${valueParts.join(', ')}`);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (type.includes('object') && !schema.oneOf && schema.additionalProperties !== false && !isSchema(schema.additionalProperties)) {
    parts.push(schema.properties ? '*other keys allowed*' : '*any keys*');
  }
  if (type.includes('object') && schema.additionalProperties === false && !schema.properties) parts.push('`{}` only');
  return parts.join('; ');
}

function bounds(schema) {
  const parts = [];
  if (schema.pattern !== undefined) parts.push(`pattern ${code(schema.pattern)}`);
  if (schema.format !== undefined) parts.push(`format ${code(schema.format)}`);
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined) parts.push(`length ≥ ${schema.minLength}`);
  if (schema.maxLength !== undefined) parts.push(`length ≤ ${schema.maxLength}`);
  if (schema.minItems !== undefined) parts.push(`at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
  if (schema.uniqueItems) parts.push('no duplicates');
  return parts;
}

/** Whether a value schema has fields, values or items of its own to list in rows. */
function isStructured(schema) {
  if (typeof schema !== 'object' || schema === null) return false;
  return Boolean(schema.properties || schema.oneOf || isSchema(schema.additionalProperties) || schema.type === 'object' || (isSchema(schema.items) && isStructured(schema.items)));
}

function isSchema(value) {
  return typeof value === 'object' && value !== null;
}

function jsonType(value) {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function join(path, name) {
  return path === '' ? name : `${path}.${name}`;
}

function list(items) {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A code span that survives any backtick inside it and a table cell's pipes. */
export function code(value) {
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${value.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** Prose from a schema, escaped for a markdown table cell (CommonMark backslash escapes). */
export function text(value) {
  return value.replace(/[\\`*_<>|[\]]/g, (character) => `\\${character}`).replace(/\s*\n\s*/g, ' ');
}
