import { relative } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * The list reporter marks a skipped test with "-" and no reason. This one prints each skipped
 * test once more at the end, one line, with the reason its `test.skip(condition, reason)` gave.
 */
// eslint-disable-next-line no-restricted-syntax -- Playwright loads a reporter from its default export
export default class SkipReasonsReporter implements Reporter {
  private readonly lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given';
    this.lines.push(`skipped: ${relative(process.cwd(), test.location.file)} > ${test.titlePath().slice(3).join(' > ')} — ${reason}`);
  }

  onEnd(_result: FullResult): void {
    if (this.lines.length > 0) process.stdout.write(`\n${this.lines.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
