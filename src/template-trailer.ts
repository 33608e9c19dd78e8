/**
 * The git trailer that marks a commit holding exactly the template's output: creation adds
 * it to a module's first commit, and `update` looks for it to find the base of its merge
 * (src/update/pristine.ts). Both read it from here, so creation loads no update code.
 */
export const TEMPLATE_TRAILER = 'AI4OS-Template';

/** The trailer line that marks a commit holding pristine output of template `templateVersion`. */
export function pristineTrailer(templateVersion: string): string {
  return `${TEMPLATE_TRAILER}: ${templateVersion}`;
}
