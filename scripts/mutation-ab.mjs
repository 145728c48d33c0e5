// Side-by-side timing of Stryker's mutant runs with the warm test thread (warm-pool.ts) and with a
// new thread per run (MUTATION_COLD_THREADS=1), interleaved so both see the same machine load.
// Prints each run's mutant phase (after the dry run), the load average, the medians and their
// ratio, and whether both kinds gave every mutant the same status.
// Usage: node scripts/mutation-ab.mjs <module> [pairs=3]
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const [module, pairsArg] = process.argv.slice(2);
if (!module) throw new Error('Usage: node scripts/mutation-ab.mjs <module> [pairs]');
const pairs = Number(pairsArg ?? 3);
const slug = module.replace(/^lib\//, '').replace(/[/.]/g, '-');

/** One Stryker run; resolves to the seconds from the end of the dry run to the end of the run. */
function run(kind, index) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, MUTATION_COLD_THREADS: kind === 'cold' ? '1' : '0' };
    const child = spawn('npx', ['stryker', 'run', '--mutate', module, '--reporters', 'json'], { env });
    let dryRunEnd;
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (dryRunEnd === undefined && output.includes('Initial test run succeeded')) {
        dryRunEnd = performance.now();
      }
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', (code) => {
      if (code !== 0 || dryRunEnd === undefined) {
        reject(new Error(`stryker exited ${code}:\n${output.slice(-2000)}`));
        return;
      }
      const report = `reports/mutation/report-${slug}.json`;
      copyFileSync(report, `reports/mutation/ab-${kind}-${index}.json`);
      resolve((performance.now() - dryRunEnd) / 1000);
    });
  });
}

function statuses(path) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  return new Map(Object.values(report.files).flatMap(({ mutants }) => mutants.map((m) => [m.id, m.status])));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const times = { warm: [], cold: [] };
for (let i = 0; i < pairs; i++) {
  // Alternate which kind goes first, so a load trend does not favour one.
  const order = i % 2 === 0 ? ['warm', 'cold'] : ['cold', 'warm'];
  for (const kind of order) {
    const load = loadavg()[0].toFixed(1);
    const seconds = await run(kind, i);
    times[kind].push(seconds);
    console.info(`${kind} #${i}: mutant phase ${seconds.toFixed(1)} s (load ${load} at start)`);
  }
}
const reference = statuses('reports/mutation/ab-cold-0.json');
let differences = 0;
for (const kind of ['warm', 'cold']) {
  for (let i = 0; i < pairs; i++) {
    for (const [id, status] of statuses(`reports/mutation/ab-${kind}-${i}.json`)) {
      if (reference.get(id) !== status) {
        differences++;
        console.info(`${kind} #${i}: mutant ${id} ${status}, cold #0 says ${reference.get(id)}`);
      }
    }
  }
}
const [warm, cold] = [median(times.warm), median(times.cold)];
const range = (values) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} s`;
console.info(`warm median ${warm.toFixed(1)} s (${range(times.warm)})`);
console.info(`cold median ${cold.toFixed(1)} s (${range(times.cold)})`);
console.info(`cold / warm: ${(cold / warm).toFixed(2)}x; ${differences} mutant statuses differ from cold #0`);
