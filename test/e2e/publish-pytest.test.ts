/** publish's preflight runs the module's own tests with the real pytest (of the test venv): a failing test stops it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publish, run, world } from '../publish/support.js';
import { venvBin } from '../support/python.js';

describe('preflight: nothing leaves the machine', () => {
  it("the module's own tests fail (pytest)", async () => {
    const w = await world();
    writeFileSync(join(w.module, 'tests/test_zz_fails.py'), 'def test_fails():\n    assert 1 == 2\n');
    run(w, w.module, 'add', '-A');
    run(w, w.module, 'commit', '-qm', 'A failing test');
    const result = await publish(w, [], { PATH: `${join(venvBin('python'), '..')}:${process.env.PATH}` });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The module tests fail \(pytest exit 1\)/);
    expect(result.stderr).toContain('test_fails');
    expect(result.stderr).toContain('--skip-tests');
    expect(result.stderr).toContain('Nothing was tagged or pushed');
    expect(run(w, w.module, 'tag', '--list')).toBe('');
  });
});
