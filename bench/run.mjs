// `npm run bench`: every benchmark of the project, one after the other.
// Benchmarks measure; they never fail a build on a figure.
import { benchStartup } from './startup.mjs';

const only = process.argv.slice(2);
const benches = { startup: benchStartup };
for (const [name, fn] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  await fn();
}
