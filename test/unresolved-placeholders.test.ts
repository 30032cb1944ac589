import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { validateProject } from '../src/pipeline/validate-project.js';
import { unresolvedPlaceholders } from '../src/plan/unresolved-placeholders.js';
import { placeholdersFound } from '../src/lex/placeholders.js';
import { repoRoot } from './helpers/run-weft.js';
import type { AnyResource } from '../src/schema/resource.js';

const test = suite('unresolved-placeholders');

test('the placeholders the checks found are not looked for again, and the plan finds the same as over values never checked', async () => {
  const result = await validateProject(path.join(repoRoot, 'examples', 'acme'));
  const resources = result.project.resources.filter((resource) => resource.kind !== 'Project');
  // Every resource walked by the checks, and what each holds as a placeholder-free value or a list.
  assert.ok(resources.every((resource) => placeholdersFound.has(resource.value as object)));
  const free = resources.filter((resource) => placeholdersFound.get(resource.value as object)!.length === 0);
  const holding = resources.filter((resource) => placeholdersFound.get(resource.value as object)!.length > 0);
  assert.ok(free.length > 0 && holding.length > 0, `${free.length} free, ${holding.length} not`);
  for (const resource of free) assert.not.ok(JSON.stringify(resource.value).includes('${'), resource.name);
  for (const resource of holding) {
    const texts = placeholdersFound.get(resource.value as object)!.map(({ placeholder }) => placeholder.text);
    for (const text of texts) assert.ok(JSON.stringify(resource.value).includes(text), `${resource.name}: ${text}`);
  }
  assert.ok(holding.some((resource) => JSON.stringify(resource.value).includes('${secret:')));
  const resolvesNothing = (placeholders: unknown[]) => placeholders.map(() => false);
  const found = await unresolvedPlaceholders(result.project.resources, resolvesNothing);
  assert.ok(found.some((finding) => /does not resolve/.test(finding.message)));
  // The same values as copies no check has seen: every one walked, the same findings in the same order.
  const unseen = result.project.resources.map((resource) => ({ ...resource, value: structuredClone(resource.value) }) as AnyResource);
  assert.ok(unseen.every((resource) => !placeholdersFound.has(resource.value as object)));
  assert.equal(await unresolvedPlaceholders(unseen, resolvesNothing), found);
});

test('a generated project: the placeholders the checks recorded are those a walk of each value finds', async () => {
  const { generateProject } = await import('../bench/generate.mjs');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const directory = await mkdtemp(path.join(os.tmpdir(), 'weft-unresolved-'));
  try {
    await generateProject(directory, 400);
    const result = await validateProject(directory);
    const resolvesNothing = (placeholders: unknown[]) => placeholders.map(() => false);
    const found = await unresolvedPlaceholders(result.project.resources, resolvesNothing);
    assert.ok(found.length > 100, `${found.length} placeholders`);
    const unseen = result.project.resources.map((resource) => ({ ...resource, value: structuredClone(resource.value) }) as AnyResource);
    assert.equal(await unresolvedPlaceholders(unseen, resolvesNothing), found);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test.run();
