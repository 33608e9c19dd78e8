/** The federated answer: what a module with a Flower client is made of, and the answer's rules. */
import { describe, expect, it } from 'vitest';
import type { InvalidAnswersError } from '../../src/errors.js';
import { renderModule } from '../../src/render/render.js';
import { CHILD, answersWith } from '../support/answers.js';

const render = async (raw = {}) => renderModule({ answers: await answersWith(raw), created: '2026-11-26', generatorVersion: '9.9.9' });

describe('the federated answer', () => {
  it('adds the Flower client, its tests and flwr; a module without it has none of them', async () => {
    for (const variant of ['minimal', 'advanced']) {
      const files = await render({ federated: 'true', variant });
      expect(files.get('demo_model/federated.py')).toContain('class Client(fl.client.NumPyClient):');
      expect(files.get('tests/test_federated.py')).toContain('from demo_model import config, federated, model');
      expect(files.get('requirements.txt')).toMatch(/^flwr>=1\.6,<2$/m);
      expect(files.get('demo_model/config.py')).toContain('def federated_settings():');
      expect(files.get('demo_model/model.py')).toContain('def evaluate(weight, samples):');
      expect(JSON.parse(files.get('.yo-rc.json')!)['create-ai4os-module'].federated).toBe(true);
    }
    const plain = await render();
    expect([...plain.keys()].filter((path) => path.includes('federated'))).toEqual([]);
    expect(plain.get('requirements.txt')).not.toContain('flwr');
    expect(plain.get('demo_model/config.py')).not.toContain('FEDERATED');
    expect(plain.get('demo_model/model.py')).not.toContain('def evaluate');
    expect(JSON.parse(plain.get('.yo-rc.json')!)['create-ai4os-module'].federated).toBe(false);
  });

  it('is a yes or no, and no for a child module', async () => {
    for (const yes of [true, 'true', 'yes', ' TRUE ']) expect((await answersWith({ federated: yes })).federated).toBe(true);
    for (const no of [false, 'false', 'no']) expect((await answersWith({ federated: no })).federated).toBe(false);
    const problems = async (raw: Record<string, unknown>) =>
      answersWith(raw).then(
        () => [],
        (error: InvalidAnswersError) => error.problems.map((p) => `${p.key}: ${p.message}`),
      );
    expect(await problems({ federated: 'maybe' })).toEqual(['federated: must be true or false, not the string "maybe"']);
    expect(await problems({ federated: 1 })).toEqual(['federated: must be true or false, not the number 1']);
    expect(await problems({ ...CHILD, federated: 'true' })).toEqual([
      'federated: must be false for a child module (it has no Python package of its own to train)',
    ]);
  });
});
