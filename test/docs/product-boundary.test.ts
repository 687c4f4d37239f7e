// The product ships on its own: nothing a user gets may send them to the design
// background that sits beside the repository during development, and every provider
// has its facts, with sources, in docs/providers.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file.length > 0 && file !== 'package-lock.json');
}

describe('the product boundary', () => {
  it('no file of the repository points at the ../shared design folder', () => {
    const offenders = trackedFiles().filter((file) => {
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        return false;
      }
      return /(\.\.\/)+shared\/|shared\/(design|seeds|hooks)\//.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('docs/providers.md has a sourced section for each of the five providers', () => {
    const doc = readFileSync(join(root, 'docs', 'providers.md'), 'utf8');
    for (const provider of ['WeGetFinancing', 'iwocaPay', 'Affirm', 'WiPay', 'Ecomtrade24']) {
      const section = new RegExp(`^## ${provider}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(doc);
      expect(section).not.toBeNull();
      expect(section?.[1]).toMatch(/\[doc\]|\[seed\]/);
    }
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('docs/providers.md');
  });
});
