// Jest reporter for `npm run bench`: prints nothing when the bench passes, so the bench's
// own summary stays the last line; when an arm errors it prints each failure (to stderr)
// and jest exits non-zero.
class FailuresOnlyReporter {
  onRunComplete(_contexts, results) {
    for (const file of results.testResults) {
      if (file.testExecError) process.stderr.write(`${file.testFilePath}\n${file.testExecError.message}\n`);
      for (const test of file.testResults) {
        if (test.status === 'failed')
          process.stderr.write(`${test.fullName}\n${test.failureMessages.join('\n')}\n`);
      }
    }
  }
}

module.exports = FailuresOnlyReporter;
