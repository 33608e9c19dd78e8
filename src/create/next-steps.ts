import type { Answers } from '../answers/questions.js';
import { shellWord } from '../render/encode.js';

/** The helper CLI of this package, runnable wherever `npm create` ran without installing anything. */
const HELPER = 'npx -p create-ai4os-module ai4os-module';

/** What the user reads last: what was made, and how to run, test and ship the new module. */
export function nextSteps({ answers, dir, git }: { answers: Answers; dir: string; git?: string }): string {
  const pkg = answers.packageName;
  const child = answers.variant === 'child';
  return [
    '',
    `Created ${answers.title} in ${dir}${git ? ` (${git})` : ''}.`,
    '',
    'Next steps:',
    `  cd ${shellWord(dir)}`,
    ...(child
      ? [`  docker build -t ${shellWord(answers.dockerImage)} .   # the parent image with your weights and settings (models/)`]
      : [
          `  ${HELPER} deploy   # a venv, pip install -e ., DEEPaaS on 127.0.0.1 (its URL is printed)`,
          '  pip install tox && tox                  # style, tests, security: what the hub runs',
        ]),
    '',
    child
      ? `Put your model's weights and configuration in models/; the code and DEEPaaS come from ${answers.baseImage}.`
      : `Put your model in ${pkg}/model.py and its arguments in ${pkg}/api.py.`,
    `Then: ${HELPER} validate . (check), ${HELPER} publish (tag, push, ask for the marketplace entry).`,
    '',
  ].join('\n');
}
