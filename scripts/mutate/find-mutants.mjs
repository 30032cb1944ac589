// The mutants of a source file, found on the TypeScript syntax tree (with the type checker where
// an operator depends on types: `+` on numbers, what an empty return value is). Each mutant is
// one realistic bug: a text replacement of one range of the original source.
import path from 'node:path';
import ts from 'typescript';

/**
 * @typedef {object} Mutant
 * @property {string} file        repository-relative path, with '/'
 * @property {number} start       offset of the replaced range
 * @property {number} end
 * @property {string} replacement
 * @property {number} line        1-based
 * @property {number} column      1-based
 * @property {string} operator    comparison | logical | nullish | negate-condition | boolean-literal | arithmetic | remove-call | return-value | number-literal | string-empty
 * @property {string} description what changed, for a person writing the test that kills it
 */

/** A program over the given files with the repository's compiler options, for the type checker. */
export function createProgram(root, files) {
  const configFile = path.join(root, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  return ts.createProgram({ rootNames: files.map((file) => path.join(root, file)), options: parsed?.options ?? { strict: true } });
}

const flips = new Map([
  [ts.SyntaxKind.LessThanToken, ['comparison', '<=']],
  [ts.SyntaxKind.LessThanEqualsToken, ['comparison', '<']],
  [ts.SyntaxKind.GreaterThanToken, ['comparison', '>=']],
  [ts.SyntaxKind.GreaterThanEqualsToken, ['comparison', '>']],
  [ts.SyntaxKind.EqualsEqualsEqualsToken, ['comparison', '!==']],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, ['comparison', '===']],
  [ts.SyntaxKind.EqualsEqualsToken, ['comparison', '!=']],
  [ts.SyntaxKind.ExclamationEqualsToken, ['comparison', '==']],
  [ts.SyntaxKind.AmpersandAmpersandToken, ['logical', '||']],
  [ts.SyntaxKind.BarBarToken, ['logical', '&&']],
  // `??` itself is replaced with its operands (see binary below).
  [ts.SyntaxKind.QuestionQuestionEqualsToken, ['nullish', '||=']],
]);

const equalities = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

const arithmetic = new Map([
  [ts.SyntaxKind.PlusToken, '-'],
  [ts.SyntaxKind.MinusToken, '+'],
  [ts.SyntaxKind.PlusEqualsToken, '-='],
  [ts.SyntaxKind.MinusEqualsToken, '+='],
]);

/** Calls whose removal changes only what is logged. */
const logMethods = new Set(['log', 'debug', 'info', 'warn', 'trace']);

/** Every mutant of one file, in source order. */
export function findMutants(program, root, file) {
  const sourceFile = program.getSourceFile(path.join(root, file));
  if (!sourceFile) throw new Error(`${file}: not in the TypeScript program`);
  const checker = program.getTypeChecker();
  const text = sourceFile.text;
  /** @type {Mutant[]} */
  const mutants = [];

  const add = (start, end, replacement, operator, description) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
    mutants.push({ file, start, end, replacement, line: line + 1, column: character + 1, operator, description });
  };
  const source = (node) => text.slice(node.getStart(sourceFile), node.end);

  const visit = (node) => {
    if (skipped(node)) return;
    if (ts.isBinaryExpression(node)) binary(node);
    else if (ts.isIfStatement(node)) negate(node.expression);
    else if (ts.isConditionalExpression(node)) negate(node.condition);
    else if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
      const flipped = node.kind === ts.SyntaxKind.TrueKeyword ? 'false' : 'true';
      add(node.getStart(sourceFile), node.end, flipped, 'boolean-literal', `${source(node)} → ${flipped}`);
    } else if (ts.isExpressionStatement(node)) removeCall(node);
    else if (ts.isReturnStatement(node) && node.expression) emptyReturn(node.expression);
    else if (ts.isNumericLiteral(node) && !isPropertyName(node)) shiftNumber(node);
    else if (ts.isCaseClause(node) && isNonEmptyString(node.expression)) emptyString(node.expression);
    ts.forEachChild(node, visit);
  };

  const binary = (node) => {
    const kind = node.operatorToken.kind;
    const operatorStart = node.operatorToken.getStart(sourceFile);
    const flip = flips.get(kind);
    if (kind === ts.SyntaxKind.QuestionQuestionToken) {
      // `a ?? b ?? c` is `(a ?? b) ?? c`, and JavaScript refuses `??` next to `||` without
      // parentheses: the mutated expression and a `??` operand get their own.
      const operand = (side) => (isNullish(side) ? `(${source(side)})` : source(side));
      add(node.getStart(sourceFile), node.end, `(${operand(node.left)} || ${operand(node.right)})`, 'nullish', `'??' → '||' in ${clip(source(node))}`);
    } else if (flip) add(operatorStart, node.operatorToken.end, flip[1], flip[0], `'${node.operatorToken.getText(sourceFile)}' → '${flip[1]}' in ${clip(source(node))}`);
    const other = arithmetic.get(kind);
    if (other && isNumber(node.left) && isNumber(node.right)) {
      add(operatorStart, node.operatorToken.end, other, 'arithmetic', `'${node.operatorToken.getText(sourceFile)}' → '${other}' in ${clip(source(node))}`);
    }
    if (equalities.has(kind)) for (const side of [node.left, node.right]) if (isNonEmptyString(side)) emptyString(side);
  };

  const negate = (condition) => {
    add(condition.getStart(sourceFile), condition.end, `!(${source(condition)})`, 'negate-condition', `${clip(source(condition))} → !(…)`);
  };

  const removeCall = (statement) => {
    let expression = statement.expression;
    while (ts.isAwaitExpression(expression) || ts.isVoidExpression(expression) || ts.isParenthesizedExpression(expression)) expression = expression.expression;
    if (!ts.isCallExpression(expression) || expression.expression.kind === ts.SyntaxKind.SuperKeyword || isLogCall(expression)) return;
    add(statement.getStart(sourceFile), statement.end, ';', 'remove-call', `removed ${clip(source(statement))}`);
  };

  const emptyReturn = (expression) => {
    const type = checker.getTypeAtLocation(expression);
    const parts = type.isUnion() ? type.types : [type];
    let empty = 'undefined';
    if (parts.every((part) => part.flags & ts.TypeFlags.StringLike)) empty = "''";
    else if (parts.every((part) => checker.isArrayType(part) || checker.isTupleType(part))) empty = '[]';
    const current = source(expression);
    if (current === empty || (empty === "''" && /^(''|""|``)$/.test(current))) return;
    add(expression.getStart(sourceFile), expression.end, empty, 'return-value', `return ${clip(current)} → return ${empty}`);
  };

  const shiftNumber = (literal) => {
    const value = Number(literal.text);
    if (!Number.isFinite(value)) return;
    for (const shifted of [value + 1, value - 1]) {
      const replacement = shifted < 0 ? `(${shifted})` : String(shifted);
      add(literal.getStart(sourceFile), literal.end, replacement, 'number-literal', `${literal.getText(sourceFile)} → ${shifted} in ${clip(source(literal.parent))}`);
    }
  };

  const emptyString = (literal) => {
    add(literal.getStart(sourceFile), literal.end, "''", 'string-empty', `${clip(literal.getText(sourceFile))} → '' in ${clip(source(literal.parent))}`);
  };

  const isNumber = (expression) => {
    const type = checker.getTypeAtLocation(expression);
    return (type.flags & ts.TypeFlags.NumberLike) !== 0;
  };

  ts.forEachChild(sourceFile, visit);
  return mutants;
}

/** Code that is not run or is not the module's behaviour: types, imports and exports of names, ambient declarations. */
function skipped(node) {
  if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return true;
  if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return true;
  if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node) || ts.isExportDeclaration(node)) return true;
  if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) return true;
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword);
}

function isPropertyName(node) {
  const parent = node.parent;
  return (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isEnumMember(parent)) && parent.name === node;
}

function isNullish(node) {
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken;
}

function isNonEmptyString(node) {
  return (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text !== '';
}

/** console.log(...), logger.warn(...) and the like. */
function isLogCall(call) {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (ts.isIdentifier(callee.expression) && callee.expression.text === 'console') return true;
  return logMethods.has(callee.name.text);
}

function clip(text) {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

/** The source with one mutant applied. */
export function applyMutant(original, mutant) {
  return original.slice(0, mutant.start) + mutant.replacement + original.slice(mutant.end);
}
