// Prints the mutants a Stryker json report says survived or had no test (file:line, mutator,
// replacement), to pick the next test to write. Usage: node scripts/mutation-survivors.mjs [report]
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'reports/mutation/report-all.json';
const report = JSON.parse(readFileSync(path, 'utf8'));
for (const [file, { mutants }] of Object.entries(report.files)) {
  for (const m of mutants) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
    const at = `${file}:${m.location.start.line}:${m.location.start.column}`;
    const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100);
    console.info(
      `${m.status === 'NoCoverage' ? 'uncovered' : 'survived '} ${at} ${m.mutatorName}: ${replacement}`,
    );
  }
}
