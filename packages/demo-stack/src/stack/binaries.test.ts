import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findBinary } from './binaries';

const tempDir = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

describe('findBinary', () => {
  it('fails with the exact command that installs a missing tool', () => {
    const env = { PATH: tempDir('empty-path-') };
    expect(() => findBinary('alertmanager', { env, fallbackDirs: [] })).toThrow(
      'alertmanager is not installed. Install it with: sudo apt-get install -y prometheus-alertmanager',
    );
    expect(() => findBinary('promtool', { env, fallbackDirs: [] })).toThrow(
      'sudo apt-get install -y prometheus ',
    );
  });

  it('finds a tool under any of its binary names on PATH', () => {
    const dir = tempDir('bin-');
    const binary = path.join(dir, 'alertmanager');
    writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
    expect(
      findBinary('alertmanager', { env: { PATH: dir }, fallbackDirs: [] }),
    ).toBe(binary);
  });

  it('prefers the override variable and rejects one that is not executable', () => {
    const fake = path.join(tempDir('bin-'), 'prometheus');
    writeFileSync(fake, '#!/bin/sh\n');
    const env = { PROMETHEUS_BIN: fake, PATH: '' };
    expect(() => findBinary('prometheus', { env })).toThrow(
      `PROMETHEUS_BIN=${fake} is not an executable file`,
    );
    chmodSync(fake, 0o755);
    expect(findBinary('prometheus', { env })).toBe(fake);
  });
});
