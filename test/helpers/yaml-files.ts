import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every .yaml and .yml file under a directory (not in node_modules or .git*), depth first. */
export function yamlFiles(directory: string, found: string[] = []): string[] {
  for (const name of readdirSync(directory)) {
    const file = path.join(directory, name);
    if (name === 'node_modules' || name.startsWith('.git')) continue;
    if (statSync(file).isDirectory()) yamlFiles(file, found);
    else if (/\.ya?ml$/.test(name)) found.push(file);
  }
  return found;
}
