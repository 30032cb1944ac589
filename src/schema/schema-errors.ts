import type { ErrorObject } from 'ajv';
import type { Finding } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { didYouMean, quoteList, suggest } from '../diagnostics/suggest.js';
import { pointerFrom, pointerSegments } from '../parse/pointer.js';
import { isSecretLikeKey } from '../lex/secrets.js';

export interface SchemaErrorContext {
  file: string;
  document: number;
  /** Pointer of the validated value within its document ('' for the document itself). */
  base?: string;
  code?: DiagnosticCode;
  /** Text before every message, e.g. "connector 'shopify': ". */
  prefix?: string;
  /** What the validated value is called in messages ('settings'); default: the document. */
  subject?: string;
}

/**
 * Turns ajv errors into one finding per real problem: `if` noise dropped, `oneOf`/`anyOf`
 * collapsed into the most plausible branch, each placed by its instance path.
 */
export function schemaErrorFindings(errors: readonly ErrorObject[], context: SchemaErrorContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const relevant = errors.filter(
    (error) =>
      error.keyword !== 'if' &&
      // propertyNames reports the bad name itself; its inner error would point at the value.
      !error.schemaPath.includes('/propertyNames/'),
  );
  const collapsed = dropRedundant(collapseAlternatives(relevant));
  // A value with a type error and another complaint matched a branch of an alternative reached
  // through $ref (which the collapse cannot see): the other complaint is the plausible one.
  const otherThanType = new Set(collapsed.filter((error) => error.keyword !== 'type').map((error) => error.instancePath));
  const shown = collapsed.filter((error) => error.keyword !== 'type' || !otherThanType.has(error.instancePath));
  for (const [index, error] of shown.entries()) {
    if (findings.length === maxFindings) {
      findings.push(notListed(shown.length - index, shown[index]!, context));
      break;
    }
    const described = describeError(error, context.subject);
    if (!described) continue;
    const pointer = (context.base ?? '') + described.pointer;
    const key = `${pointer}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      severity: 'error',
      code: context.code ?? 'schema',
      message: (context.prefix ?? '') + described.message,
      file: context.file,
      document: context.document,
      pointer,
      atKey: described.atKey,
      hint: described.hint,
      keyword: error.keyword,
    });
  }
  return findings;
}

/**
 * Findings listed for one validated value (a document, an instance's settings). A document with
 * 200,000 unknown keys is one mistake repeated (generated YAML gone wrong, a pasted data dump):
 * describing, locating and printing each would take minutes and bury the first ones.
 */
const maxFindings = 1000;

/** The finding that stands for the errors past `maxFindings`, at the first of them. */
function notListed(count: number, first: ErrorObject, context: SchemaErrorContext): Finding {
  const where = context.subject ? `'${context.subject}'` : 'this document';
  return {
    severity: 'error',
    code: context.code ?? 'schema',
    message: `${context.prefix ?? ''}${count} more problem${count === 1 ? '' : 's'} in ${where} ${count === 1 ? 'is' : 'are'} not listed; the next is here`,
    file: context.file,
    document: context.document,
    pointer: (context.base ?? '') + (describeError(first, context.subject)?.pointer ?? first.instancePath),
    atKey: true,
    hint: `only the first ${maxFindings} problems of one ${context.subject ? 'value' : 'document'} are listed; fix those and validate again`,
  };
}

/**
 * Drops errors another error already explains. A misspelt key gives "missing 'endpoint'" and
 * "unknown 'endpont'": only the second is kept, as it names the typo and suggests the fix.
 */
function dropRedundant(errors: readonly ErrorObject[]): ErrorObject[] {
  // By instance path: a list of 100,000 items each missing a key and with an unknown one must not
  // compare every pair.
  const unknown = new Map<string, string[]>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const name = String((error.params as { additionalProperty: string }).additionalProperty);
    if (unknown.has(error.instancePath)) unknown.get(error.instancePath)!.push(name);
    else unknown.set(error.instancePath, [name]);
  }
  const misspells = (error: ErrorObject, names: string[]) => (unknown.get(error.instancePath) ?? []).some((name) => suggest(name, names) !== undefined);
  return errors.filter((error) => {
    const params = error.params as Record<string, any>;
    if (error.keyword === 'required') {
      // A discriminated union without its tag: "missing 'type'" says it all.
      return !misspells(error, [String(params.missingProperty)]);
    }
    if (error.keyword === 'discriminator' && params.error === 'tag') {
      return !errors.some((other) => other.keyword === 'required' && other.instancePath === error.instancePath && (other.params as { missingProperty: string }).missingProperty === params.tag);
    }
    // "needs exactly one of receive, …" beside "unknown property 'recieve'".
    if (Array.isArray(params.needsOneOf)) return !misspells(error, params.needsOneOf);
    return true;
  });
}

/**
 * Replaces each failed oneOf/anyOf and its branches' errors by the errors of one branch, inner
 * alternatives first. Each error belongs to the innermost alternative whose schema path encloses
 * its own and whose instance path is its own or an ancestor: found by looking up the prefixes of
 * its paths, so a list of 100,000 failing steps costs linear time, not a scan per alternative.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const isAlternative = (error: ErrorObject) => error.keyword === 'oneOf' || error.keyword === 'anyOf';
  const alternatives = new Map<string, ErrorObject>();
  const alternativeSchemaPaths = new Set<string>();
  for (const error of errors) {
    if (!isAlternative(error)) continue;
    alternatives.set(`${error.schemaPath}\u0000${error.instancePath}`, error);
    alternativeSchemaPaths.add(error.schemaPath);
  }
  if (alternatives.size === 0) return [...errors];
  const enclosing = (error: ErrorObject): ErrorObject | undefined => {
    for (let end = error.schemaPath.lastIndexOf('/'); end > 0; end = error.schemaPath.lastIndexOf('/', end - 1)) {
      const schemaPath = error.schemaPath.slice(0, end);
      if (!alternativeSchemaPaths.has(schemaPath)) continue;
      for (let instancePath = error.instancePath; ; instancePath = instancePath.slice(0, instancePath.lastIndexOf('/'))) {
        const alternative = alternatives.get(`${schemaPath}\u0000${instancePath}`);
        if (alternative && alternative !== error) return alternative;
        if (instancePath === '') break;
      }
    }
    return undefined;
  };
  // Members in the order ajv reported them; an inner alternative stands for its collapsed errors.
  const members = new Map<ErrorObject, ErrorObject[]>();
  const top: ErrorObject[] = [];
  for (const error of errors) {
    const parent = enclosing(error);
    if (!parent) top.push(error);
    else if (members.has(parent)) members.get(parent)!.push(error);
    else members.set(parent, [error]);
  }
  const collapse = (alternative: ErrorObject): ErrorObject[] => {
    const prefix = alternative.schemaPath + '/';
    const branches = new Map<number, ErrorObject[]>();
    for (const member of members.get(alternative) ?? []) {
      for (const error of isAlternative(member) ? collapse(member) : [member]) {
        const index = Number(error.schemaPath.slice(prefix.length).split('/')[0]);
        const branch = branches.get(index);
        if (branch) branch.push(error);
        else branches.set(index, [error]);
      }
    }
    const passing = (alternative.params as { passingSchemas?: number[] | null }).passingSchemas;
    return Array.isArray(passing) ? [alternative] : chooseBranch(alternative, [...branches.values()]);
  };
  return top.flatMap((error) => (isAlternative(error) ? collapse(error) : [error]));
}

function chooseBranch(alternative: ErrorObject, branches: ErrorObject[][]): ErrorObject[] {
  if (branches.length === 0) return [alternative];
  const atSameObject = (error: ErrorObject) => error.instancePath === alternative.instancePath;
  // Every branch only asks for a different property: "needs exactly one of a, b or c".
  if (branches.every((branch) => branch.length === 1 && branch[0]!.keyword === 'required' && atSameObject(branch[0]!))) {
    const names = branches.map((branch) => String((branch[0]!.params as { missingProperty: string }).missingProperty));
    return [{ ...alternative, keyword: alternative.keyword, params: { ...alternative.params, needsOneOf: names } }];
  }
  // Every branch wants another type: "must be a string or a list".
  if (branches.every((branch) => branch.length === 1 && branch[0]!.keyword === 'type' && atSameObject(branch[0]!))) {
    const types = branches.map((branch) => String((branch[0]!.params as { type: string }).type));
    return [{ ...branches[0]![0]!, params: { type: types.join(',') } }];
  }
  // Otherwise the branch that got furthest into the data, then the one with fewest complaints.
  const depth = (branch: ErrorObject[]) => branch.reduce((deepest, error) => Math.max(deepest, pointerSegments(error.instancePath).length), 0);
  const typeOnly = (branch: ErrorObject[]) => branch.every((error) => error.keyword === 'type' && atSameObject(error));
  return [...branches].sort(
    (a, b) => Number(typeOnly(a)) - Number(typeOnly(b)) || depth(b) - depth(a) || a.length - b.length,
  )[0]!;
}

interface DescribedError {
  pointer: string;
  message: string;
  atKey?: boolean;
  hint?: string;
}

function describeError(error: ErrorObject, subject?: string): DescribedError | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, any>;
  const dotted = (pointer: string) => (subject ? dottedPath(subject + pointer) : dottedPath(pointer));
  const where = at === '' ? (subject ? `'${subject}'` : 'the document') : `'${dotted(at)}'`;
  // Never echo what may be a secret: values under credentials or secret-like keys stay hidden.
  const segments = pointerSegments(at);
  const secret = segments.includes('credentials') || (segments.length > 0 && isSecretLikeKey(segments.at(-1)!));
  const show = (value: unknown) => (secret ? 'a value that is not shown' : showValue(value));
  const describeValue = (value: unknown) => (secret ? 'a value that is not shown' : describeFoundValue(value));
  const last = pointerSegments(at).at(-1) ?? '';
  switch (error.keyword) {
    case 'required':
      return { pointer: at, atKey: true, message: `${where} is missing required property '${params.missingProperty}'` };
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const name = String(params.additionalProperty);
      return {
        pointer: at + pointerFrom([name]),
        atKey: true,
        message: `unknown property '${name}'${at === '' ? '' : ` in ${where}`}`,
        hint: didYouMean(name, allowed) ?? (allowed.length > 0 && allowed.length <= 8 ? `expected one of ${quoteList(allowed)}` : undefined),
      };
    }
    case 'false schema': {
      const conditional = /\/then\//.test(error.schemaPath);
      return {
        pointer: at,
        atKey: true,
        message: !conditional
          ? `'${last}' is not allowed here`
          : last === 'event'
            ? `'event' is only for event connectors (type: event)`
            : `'${last}' is not allowed on an event connector (type: event)`,
      };
    }
    case 'propertyNames':
      return { pointer: at + pointerFrom([String(params.propertyName)]), atKey: true, message: `'${params.propertyName}' is not a valid name here` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((value) => String(value));
      return {
        pointer: at,
        message: `${where} must be one of ${quoteList(allowed)}, found ${show(error.data)}`,
        hint: typeof error.data === 'string' ? didYouMean(error.data, allowed) : undefined,
      };
    }
    case 'const':
      return { pointer: at, message: `${where} must be ${show(params.allowedValue)}, found ${show(error.data)}` };
    case 'type':
      return { pointer: at, message: `${where} must be ${describeTypes(String(params.type))}, found ${describeValue(error.data)}` };
    case 'pattern':
      if (/\$defs\/name\//.test(error.schemaPath) || /\/metadata\/name$/.test(at) || /\/previousNames\/\d+$/.test(at)) {
        return {
          pointer: at,
          message: `${show(error.data)} is not a valid name: use lowercase letters, digits and '-', starting with a letter, at most 63 characters`,
        };
      }
      if (/\$defs\/semver\//.test(error.schemaPath)) return { pointer: at, message: `${show(error.data)} is not a semantic version such as 1.4.0` };
      if (/\$defs\/projectFolder\//.test(error.schemaPath)) return { pointer: at, message: `${show(error.data)} is not a folder inside the project: write a relative path without '.' or '..' segments` };
      return { pointer: at, message: `${where} must match the pattern ${params.pattern}, found ${show(error.data)}` };
    case 'format':
      return { pointer: at, message: `${where} must be a valid ${params.format}, found ${show(error.data)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { pointer: at, message: `${where} must be ${params.comparison} ${params.limit}, found ${show(error.data)}` };
    case 'minLength':
      return { pointer: at, message: params.limit === 1 ? `${where} must not be empty` : `${where} must be at least ${params.limit} characters long` };
    case 'maxLength':
      return { pointer: at, message: `${where} must be at most ${params.limit} characters long` };
    case 'minItems':
      return { pointer: at, message: params.limit === 1 ? `${where} must not be empty` : `${where} must have at least ${params.limit} items` };
    case 'maxItems':
      return { pointer: at, message: `${where} must have at most ${params.limit} items` };
    case 'uniqueItems': {
      // ajv names the pair in either order (its path for scalar items and its deep comparison
      // differ): point at the later item, the repetition.
      const earlier = Math.min(params.i, params.j);
      const later = Math.max(params.i, params.j);
      return { pointer: `${at}/${later}`, message: `${where} repeats an item (items ${earlier + 1} and ${later + 1} are equal)` };
    }
    case 'minProperties':
    case 'maxProperties': {
      const properties = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const present = error.data && typeof error.data === 'object' ? Object.keys(error.data) : [];
      if (params.limit === 1 && properties.length > 0) {
        return {
          pointer: at,
          // Too few: like a missing key, at the parent's key. Too many: at the mapping itself.
          atKey: error.keyword === 'minProperties',
          message:
            error.keyword === 'minProperties'
              ? `${where} needs exactly one of ${quoteList(properties)}`
              : `${where} must have exactly one of ${quoteList(properties)}, found ${quoteList(present).replace(' or ', ' and ')}`,
        };
      }
      return { pointer: at, message: `${where} must have ${error.keyword === 'minProperties' ? 'at least' : 'at most'} ${params.limit} properties` };
    }
    case 'discriminator': {
      const tag = String(params.tag);
      const branches = ((error.parentSchema as { oneOf?: { properties?: Record<string, { const?: string }> }[] })?.oneOf ?? []);
      const allowed = branches.map((branch) => branch.properties?.[tag]?.const).filter((value): value is string => typeof value === 'string');
      if (params.error === 'tag') return { pointer: at + pointerFrom([tag]), message: `'${dotted(at + pointerFrom([tag]))}' must be a string` };
      return {
        pointer: at + pointerFrom([tag]),
        message: `'${dotted(at + pointerFrom([tag]))}' must be one of ${quoteList(allowed)}, found ${show(params.tagValue)}`,
        hint: typeof params.tagValue === 'string' ? didYouMean(params.tagValue, allowed) : undefined,
      };
    }
    case 'oneOf':
    case 'anyOf': {
      if (Array.isArray(params.needsOneOf)) {
        return { pointer: at, atKey: true, message: `${where} needs exactly one of ${quoteList(params.needsOneOf)}` };
      }
      if (Array.isArray(params.passingSchemas)) {
        const present = error.data && typeof error.data === 'object' ? Object.keys(error.data) : [];
        const alternatives = ((error.schema as { required?: string[] }[]) ?? []).flatMap((branch) => branch.required ?? []);
        const both = alternatives.filter((name) => present.includes(name));
        return {
          pointer: at,
          atKey: true,
          message:
            both.length > 1
              ? `${where} must have exactly one of ${quoteList(alternatives)}, found ${quoteList(both).replace(' or ', ' and ')}`
              : `${where} matches more than one alternative`,
        };
      }
      return { pointer: at, message: `${where} matches none of the allowed alternatives` };
    }
    default:
      return { pointer: at, message: `${where} ${error.message ?? 'is invalid'}` };
  }
}

/** /spec/steps/3/send → spec.steps[3].send */
export function dottedPath(pointer: string): string {
  return pointerSegments(pointer.startsWith('/') ? pointer : '/' + pointer)
    .map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

function describeTypes(types: string): string {
  const names = types.split(',').map((type) => describeType(type));
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function describeType(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'integer':
      return 'an integer';
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}

function describeFoundValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return `the ${typeof value} ${showValue(value)}`;
}

/** A value as it appears in a message: strings quoted, long values cut. */
export function showValue(value: unknown): string {
  // Mappings and lists are described, not dumped: they may hold anything, secrets included.
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}
