import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { validateProject } from '../src/pipeline/validate-project.js';
import { unresolvedPlaceholders } from '../src/plan/unresolved-placeholders.js';
import { placeholderFree } from '../src/lex/placeholders.js';
import { repoRoot } from './helpers/run-weft.js';
import type { AnyResource } from '../src/schema/resource.js';

const test = suite('unresolved-placeholders');

test('what the checks found free of placeholders is not walked again, and the plan finds the same as over values never checked', async () => {
  const result = await validateProject(path.join(repoRoot, 'examples', 'acme'));
  const resources = result.project.resources.filter((resource) => resource.kind !== 'Project');
  const free = resources.filter((resource) => placeholderFree.has(resource.value as object));
  const holding = resources.filter((resource) => !placeholderFree.has(resource.value as object));
  assert.ok(free.length > 0 && holding.length > 0, `${free.length} free, ${holding.length} not`);
  // Only values with no `${` in any string are in the set: each one holding one is walked.
  for (const resource of free) assert.not.ok(JSON.stringify(resource.value).includes('${'), resource.name);
  assert.ok(holding.some((resource) => JSON.stringify(resource.value).includes('${secret:')));
  const resolvesNothing = (placeholders: unknown[]) => placeholders.map(() => false);
  const found = await unresolvedPlaceholders(result.project.resources, resolvesNothing);
  assert.ok(found.some((finding) => /does not resolve/.test(finding.message)));
  // The same values as copies no check has seen: every one walked, the same findings.
  const unseen = result.project.resources.map((resource) => ({ ...resource, value: structuredClone(resource.value) }) as AnyResource);
  assert.ok(unseen.every((resource) => !placeholderFree.has(resource.value as object)));
  assert.equal(await unresolvedPlaceholders(unseen, resolvesNothing), found);
});

test.run();
