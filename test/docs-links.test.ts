import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers/run-weft.js';

/** The relative links of README.md and docs/**\/*.md lead to files (and headings) that exist in a clone. */
const test = suite('docs-links');

function markdownFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? markdownFiles(full) : entry.name.endsWith('.md') ? [full] : [];
  });
}

const files = [path.join(repoRoot, 'README.md'), ...markdownFiles(path.join(repoRoot, 'docs'))];

/** Markdown without its code: fenced blocks and code spans hold examples, not links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/(`+)[^`]*?\1/g, '');
}

/** [text](target) links, images included; autolinks and reference definitions are not used here. */
function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as '-'. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  const counts = new Map<string, number>();
  for (const match of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const base = slug(match[1]!);
    const seen = counts.get(base) ?? 0;
    counts.set(base, seen + 1);
    found.add(seen === 0 ? base : `${base}-${seen}`);
  }
  return found;
}

test('every relative link points at a file or directory of the repository', () => {
  const broken: string[] = [];
  for (const file of files) {
    for (const link of links(readFileSync(file, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('#')) continue;
      const [target] = link.split('#') as [string];
      const resolved = path.resolve(path.dirname(file), decodeURIComponent(target));
      const where = `${path.relative(repoRoot, file)}: ${link}`;
      if (path.relative(repoRoot, resolved).startsWith('..')) broken.push(`${where} (outside the repository)`);
      else if (!existsSync(resolved)) broken.push(`${where} (no such file)`);
    }
  }
  assert.equal(broken, []);
});

test('every link to a heading finds it', () => {
  const broken: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const link of links(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link) || !link.includes('#')) continue;
      const [target, anchor] = link.split('#') as [string, string];
      const resolved = target === '' ? file : path.resolve(path.dirname(file), target);
      if (!resolved.endsWith('.md') || !existsSync(resolved) || statSync(resolved).isDirectory()) continue;
      if (!anchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${path.relative(repoRoot, file)}: ${link}`);
    }
  }
  assert.equal(broken, []);
});

test('the docs never point into the shared working notes, which a clone does not have', () => {
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assert.not.match(text, /\.\.\/shared\b|\/work\/shared/, path.relative(repoRoot, file));
  }
});

test('the link checker sees a broken link', () => {
  assert.equal(links('see [runs](runs.md#the-watermark) and `[not](a-link.md)`\n```\n[nor](this.md)\n```\n'), ['runs.md#the-watermark']);
  assert.ok(anchors('# Runs\n## The watermark\n').has('the-watermark'));
  assert.ok(anchors('### `GET /v1/runs/<id>`\n').has('get-v1runsid'));
});

test.run();
