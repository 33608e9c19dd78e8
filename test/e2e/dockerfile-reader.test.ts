/** The Dockerfile reader of `validate DIR` reads what Docker's own parser (PyPI `dockerfile`, in the test venv) reads. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderModule } from '../../src/render/render.js';
import { parseDockerfile } from '../../src/module-files/dockerfile.js';
import { answersWith } from '../support/answers.js';
import { venvBin } from '../support/python.js';

const DOCKERFILES = [
  'FROM --platform=linux/amd64 python:3.11 AS base\nENV A=1 B="two words" C=\'x\'\nENV OLD style value\nLABEL a=b "c d"=e\nRUN ["echo", "hi"]\nRUN echo a \\\n  # comment inside\n  && echo b\nCMD echo hi\nEXPOSE 80/tcp 443\nARG x\nARG y=1 z=2\nHEALTHCHECK --interval=5m CMD curl -f http://localhost/\nRUN <<EOF\necho heredoc\nEOF\ncopy --chown=1:1 a b\nONBUILD RUN x\nFOO bar\nRUN echo \\   \n\n  b\nCMD []\nVOLUME /data /logs\n',
  '# escape=`\nFROM x\nRUN a `\n  b\nWORKDIR c:\\\\dir\n',
  '\n\n   \n\tFROM   x  \n# trailing comment\nRUN echo \\\n',
];

describe('readers', () => {
  it("read Dockerfiles as Docker's parser (PyPI dockerfile) does", async () => {
    const generated = renderModule({ answers: await answersWith({}), created: '2026-11-26', generatorVersion: '9.9.9' }).get('Dockerfile')!;
    for (const text of [generated, ...DOCKERFILES]) {
      const script =
        'import dockerfile, json, sys\nprint(json.dumps([[c.cmd.upper(), c.json, c.start_line, c.end_line, list(c.flags), list(c.value)] for c in dockerfile.parse_string(sys.stdin.read())]))';
      const expected = JSON.parse(execFileSync(venvBin('python'), ['-c', script], { input: text, encoding: 'utf8' }));
      const ours = parseDockerfile(text).map((i) => [i.cmd.toUpperCase(), i.json, i.startLine, i.endLine, i.flags, i.value]);
      expect(ours, text).toEqual(expected);
    }
  });
});
