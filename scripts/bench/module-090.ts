// Setup for scripts/bench/update.mjs (not timed): a module created with the fixture
// template 0.9.0 in a git repository, with an owner's edit committed. Run with tsx.
import { answersWith, commitAll, createdRepo, edit, filesAt090 } from '../../test/update/support.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx scripts/bench/module-090.ts DIRECTORY');
createdRepo(filesAt090(await answersWith()), '0.9.0', dir);
edit(dir, 'README.md', (text) => `${text}\nA line of the owner's.\n`);
commitAll(dir, 'Owner edits');
