// Build-time stand-in for `inquirer` as Yeoman's adapter imports it. The adapter creates a
// prompt module at start-up but prompts only to resolve file conflicts, which a new module
// seldom has; loading inquirer and rxjs (0.27 MB) then costs every run ~30 ms. This module
// has the same shape and loads the real inquirer on the first prompt.
export function createPromptModule(options) {
  let real;
  const prompt = async (questions, answers) => {
    if (!real) {
      const inquirer = await import('inquirer');
      real = inquirer.createPromptModule(options);
      // The adapter aliases the removed `list` prompt to `select`; keep that on the real module.
      real.prompts.list ??= real.prompts.select;
    }
    return real(questions, answers);
  };
  prompt.prompts = {};
  prompt.restoreDefaultPrompts = () => {};
  prompt.registerPrompt = (name, promptType) => {
    prompt.prompts[name] = promptType;
  };
  return prompt;
}
export default { createPromptModule };
