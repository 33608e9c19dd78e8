/** What deploy needs to know about a module, from its `.yo-rc.json` answers. */
import { realpathSync } from 'node:fs';
import { UserError } from '../errors.js';
import { readYoRc } from '../module-files/yo-rc.js';

export interface ModuleFacts {
  /** Real path of the module's directory. */
  dir: string;
  title: string;
  description: string;
  repoName: string;
  /** DEEPaaS's name of the model: the `deepaas.v2.model` entry point. */
  modelName: string;
  dockerImage: string;
  cpu: number;
  /** MB */
  memory: number;
  gpu: number;
}

export function readModule(dir: string): ModuleFacts {
  const { data } = readYoRc(dir);
  const text = (key: string): string => {
    const value = data[key];
    if (typeof value !== 'string' || value === '')
      throw new UserError(`.yo-rc.json has no "${key}" answer.`, 'Run `ai4os-module update` or `ai4os-module adopt` to record it.');
    return value;
  };
  const count = (key: string, fallback: number): number => (typeof data[key] === 'number' ? (data[key] as number) : fallback);
  return {
    dir: realpathSync(dir),
    title: text('title'),
    description: typeof data.description === 'string' ? data.description : '',
    repoName: text('repo-name'),
    // Recorded before the entry point was an answer: the package name was its name.
    modelName: typeof data['entry-point-name'] === 'string' ? text('entry-point-name') : text('package-name'),
    dockerImage: text('docker-image'),
    cpu: count('cpu', 1),
    memory: count('memory', 4000),
    gpu: count('gpu', 0),
  };
}
