// JSONata's parser on a project's expressions: every distinct expression of the project's flows
// parsed one by one (what weft did before), against the batches `prepareExpressionFacts` parses
// (src/lex/expression-facts.ts), alternating, in-process. Checks that both give the same facts.
//
//   node --import tsx bench/expression-batches.ts <project dir> [rounds]
//
// Prints JSON: { expressions, aloneMs, batchedMs, ratio } (medians over the rounds).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expressionFacts, expressionFactsAlone, forgetExpressionFacts, prepareExpressionFacts } from '../src/lex/expression-facts.js';
import { loadText } from '../src/pipeline/load-file.js';

const root = path.resolve(process.argv[2] ?? '.');
const rounds = Number(process.argv[3] ?? 5);
const texts = new Set<string>();
for (const file of readdirSync(root, { recursive: true }) as string[]) {
  if (!/\.ya?ml$/.test(file) || file.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules')) continue;
  for (const [text] of loadText(file, readFileSync(path.join(root, file), 'utf8')).expressions ?? []) texts.add(text);
}
const all = [...texts];
const time = (work: () => void) => {
  const started = performance.now();
  work();
  return performance.now() - started;
};
const alone: number[] = [];
const batched: number[] = [];
for (let round = 0; round < rounds; round++) {
  alone.push(time(() => all.forEach((text) => expressionFactsAlone(text))));
  forgetExpressionFacts();
  batched.push(time(() => prepareExpressionFacts(all)));
}
for (const text of all) if (JSON.stringify(expressionFacts(text)) !== JSON.stringify(expressionFactsAlone(text))) throw new Error(`the facts differ for ${JSON.stringify(text)}`);
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
console.log(JSON.stringify({ expressions: all.length, aloneMs: Math.round(median(alone)), batchedMs: Math.round(median(batched)), ratio: Number((median(alone) / median(batched)).toFixed(2)) }));
