// Totals every test runner's JSON report into the one closing line CI reads.
// A runner whose report is missing did not finish, which counts as a failure.
import { existsSync, readFileSync } from 'node:fs';

function vitestCounts(report) {
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    // A file that failed without a failing test could not run at all (an import or setup error).
    suiteErrors: (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    ).length,
  };
}

function playwrightCounts(report) {
  const stats = report.stats ?? {};
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
    suiteErrors: (report.errors ?? []).length,
  };
}

const readers = { 'vitest.json': vitestCounts, 'playwright.json': playwrightCounts };
const total = { passed: 0, failed: 0, skipped: 0 };
let incomplete = false;

for (const path of process.argv.slice(2)) {
  const name = path.split('/').pop() ?? path;
  const read = readers[name];
  if (read === undefined) throw new Error(`No reader for report ${path}`);
  if (!existsSync(path)) {
    console.log(`ci: ${name} is missing: that runner did not run or did not finish`);
    incomplete = true;
    continue;
  }
  const counts = read(JSON.parse(readFileSync(path, 'utf8')));
  console.log(`ci: ${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.suiteErrors} suite errors`);
  total.passed += counts.passed;
  total.failed += counts.failed + counts.suiteErrors;
  total.skipped += counts.skipped;
}

const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
console.log(`${total.passed} passed, ${total.failed} failed${skipped}`);
process.exit(incomplete || total.failed > 0 ? 1 : 0);
