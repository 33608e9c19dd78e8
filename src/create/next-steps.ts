import type { Answers } from '../answers/questions.js';
import { shellWord } from '../render/encode.js';

/** What the user reads last: what was made, and how to run, test and ship the new module. */
export function nextSteps({ answers, dir, git }: { answers: Answers; dir: string; git?: string }): string {
  const pkg = answers.packageName;
  return [
    '',
    `Created ${answers.title} in ${dir}${git ? ` (${git})` : ''}.`,
    '',
    'Next steps:',
    `  cd ${shellWord(dir)}`,
    '  python3 -m venv .venv && . .venv/bin/activate && pip install -e .',
    '  deepaas-run --listen-ip 127.0.0.1      # then open http://127.0.0.1:5000/api',
    '  pip install tox && tox                  # style, tests, security: what the hub runs',
    '',
    `Put your model in ${pkg}/model.py and its arguments in ${pkg}/api.py.`,
    'Then: ai4os-module validate . (check), git push -u origin main (publish).',
    '',
  ].join('\n');
}
