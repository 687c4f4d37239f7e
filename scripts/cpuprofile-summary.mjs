// Summarises a V8 .cpuprofile (node --cpu-prof): self time by file (or package) and the
// top functions, so a profile of the worker can be read without DevTools.
// Usage: node scripts/cpuprofile-summary.mjs FILE.cpuprofile [top=30]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/cpuprofile-summary.mjs FILE.cpuprofile [top]');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i += 1) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

/** node_modules/<pkg> or the project-relative file, or the V8 pseudo-frame's name. */
function where(frame) {
  const url = frame.url;
  if (!url) return `(${frame.functionName || 'native'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 6) : url;
}

const byFile = new Map();
const byFunction = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  total += us;
  const file = where(frame);
  byFile.set(file, (byFile.get(file) ?? 0) + us);
  const fn = `${frame.functionName || '(anonymous)'}  ${file}:${frame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}

const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5);
console.log(`total sampled ${ms(total)} ms`);
console.log('\nself time by file / package');
for (const [name, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${ms(us)} ms ${pct(us)}%  ${name}`);
console.log('\nself time by function');
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${ms(us)} ms ${pct(us)}%  ${name}`);
