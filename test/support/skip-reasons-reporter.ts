import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Vitest's default reporter only counts skipped tests. This one prints each, one line, with the
 * reason the test gave (`context.skip(reason)`): outside a keyring session every keychain test
 * says why it did not run, and a skip without a reason stands out.
 */
// eslint-disable-next-line no-restricted-syntax -- Vitest loads a reporter from its default export
export default class SkipReasonsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests('skipped')) {
        const result = test.result();
        const note = result.state === 'skipped' && result.note !== undefined ? result.note : `no reason given (${test.options.mode})`;
        lines.push(`skipped: ${relative(process.cwd(), testModule.moduleId)} > ${test.fullName} — ${note}`);
      }
    }
    if (lines.length > 0) process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
