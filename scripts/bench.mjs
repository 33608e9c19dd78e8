// `npm run bench`: every benchmark in scripts/bench/, in turn. Figures, not pass/fail: the
// targets are printed beside them. Run on an otherwise idle machine.
import { readdirSync } from 'node:fs';

const benches = readdirSync(new URL('bench/', import.meta.url))
  .filter((f) => f.endsWith('.mjs') && f !== 'lib.mjs')
  .sort();
for (const file of benches) {
  const { run } = await import(`./bench/${file}`);
  await run();
  console.log('');
}
