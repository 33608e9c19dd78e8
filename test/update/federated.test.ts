/** `update --set federated=true` on a real git repository: the Flower client added to a module made without it. */
import { afterAll, describe, expect, it } from 'vitest';
import { update } from '../../src/update/update.js';
import { answersWith, commitAll, createdRepo, edit, filesAtCurrent, git, read, removeDir } from './support.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const stored = (dir: string) => JSON.parse(read(dir, '.yo-rc.json'))['create-ai4os-module'];

describe('update --set federated=true', () => {
  it("adds federated.py, its tests, flwr and the settings to a module made before the question; the owner's edits stay", async () => {
    const files = filesAtCurrent(await answersWith({ variant: 'advanced' }));
    // As template 1.2.0 stored the answers, before the federated question.
    const yoRc = JSON.parse(files.get('.yo-rc.json')!);
    delete yoRc['create-ai4os-module'].federated;
    files.set('.yo-rc.json', `${JSON.stringify(yoRc, null, 2)}\n`);
    const dir = createdRepo(files, '1.2.0');
    dirs.push(dir);
    edit(dir, 'requirements.txt', (t) => `pandas>=2\n${t}`);
    edit(dir, 'demo_model/model.py', (t) => t.replace('MODEL_FILE = "model.json"', 'MODEL_FILE = "weights.json"'));
    commitAll(dir, 'Owner edits');

    const lines: string[] = [];
    const outcome = await update({ cwd: dir, set: { federated: 'true' }, print: (l) => lines.push(l) });
    expect(outcome, lines.join('\n')).toMatchObject({ status: 'updated' });
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(stored(dir)).toMatchObject({ federated: true, variant: 'advanced' });
    expect(read(dir, 'demo_model/federated.py')).toContain('class Client(fl.client.NumPyClient):');
    expect(read(dir, 'tests/test_federated.py')).toContain('def test_fit_trains_from_the_servers_weight_and_saves_it');
    expect(read(dir, 'requirements.txt')).toMatch(/^pandas>=2\n[^]*\nflwr>=1\.6,<2\n/);
    expect(read(dir, 'demo_model/config.py')).toContain('def federated_settings():');
    const model = read(dir, 'demo_model/model.py');
    expect(model).toContain('MODEL_FILE = "weights.json"');
    expect(model).toContain('def train(epochs, learning_rate, samples, name=MODEL_FILE, weight=1.0):');
    expect(model).toContain('def evaluate(weight, samples):');

    // And back: false takes the client away again.
    await update({ cwd: dir, set: { federated: 'false' }, print: () => {} });
    expect(stored(dir)).toMatchObject({ federated: false });
    expect(git(dir, 'ls-files')).not.toContain('federated');
    expect(read(dir, 'requirements.txt')).not.toContain('flwr');
  });
});
