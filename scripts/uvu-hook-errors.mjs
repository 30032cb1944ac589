// Preloaded into each test process by scripts/run-tests.mjs. uvu 0.5 runs a suite's before and
// after hooks inside try/finally and returns from the finally: an error thrown by a hook is
// swallowed, the suite reports 0 of its tests passed, and the process exits 0 without saying why
// (CI once failed so, with nothing to go on). This loader hook adds a catch to uvu's runner that
// reports such an error as a failure of the suite, with its message and stack, and exit code 1.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!/[\\\\/]node_modules[\\\\/]uvu[\\\\/]dist[\\\\/]index\\.mjs$/.test(new URL(url).pathname)) return loaded;
  const source = String(loaded.source);
  const marker = '\\t} finally {\\n\\t\\tstate.__test__ = \\'\\';';
  if (!source.includes(marker)) throw new Error('scripts/uvu-hook-errors.mjs: uvu\\'s runner is not as expected (was uvu upgraded?)');
  const caught = '\\t} catch (err) {\\n\\t\\tif (errors.length) errors += \\'\\\\n\\';\\n\\t\\terrors += format(\\'(a before hook of the suite)\\', err, name);\\n\\t\\twrite(FAIL);\\n' + marker;
  return { ...loaded, source: source.replace(marker, caught) };
}
`),
);
