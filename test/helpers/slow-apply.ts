// A child process holding the apply lock for a while: applies the example's plan to the stores at
// argv[2] as user argv[3], pausing argv[4] ms midway. Says 'applying' before, the revision after.
import { compileProject } from '../../src/pipeline/compile-project.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import { openStoresAt } from './open-stores.js';
import { singleAcme } from './single-acme.js';

const [where, user, delay] = process.argv.slice(2);
const bundle = (await compileProject(singleAcme())).bundle!;
const stores = await openStoresAt(where!, { WEFT_SECRET_KEY: 'a store suite passphrase' }, { testDelayMs: Number(delay) });
const plan = computePlan(bundle, await stores.state.read());
process.stdout.write('applying\n');
const revision = await stores.state.apply(plan, bundle, user!, { lockTimeoutMs: 0 });
process.stdout.write(`revision ${revision.number}\n`);
await stores.close();
