/**
 * `.yo-rc.json`: the answers a module was rendered from, under the generator's key, with
 * metadata under `_` keys (as copier keeps `_commit`/`_src_path`). Kept apart from the
 * renderer so `ai4os-module check` reads it without loading EJS.
 */

/** The name under which answers live in `.yo-rc.json`, as Yeoman keys it: the generator package. */
export const YO_RC_NAMESPACE = 'create-ai4os-module';

export interface YoRcMeta {
  /** Version of the template set rendered (`templates/template.json`). */
  _template: string;
  /** Version of create-ai4os-module that rendered it. */
  _generator: string;
  /** Creation date, YYYY-MM-DD. */
  _created: string;
  /** Commit holding the pristine template output of the last update (see src/update/pristine.ts). */
  _pristine?: string;
}

/** The file's text: metadata first, then the answers spelled with external keys. */
export function yoRcText(meta: YoRcMeta, externalAnswers: Record<string, unknown>): string {
  return `${JSON.stringify({ [YO_RC_NAMESPACE]: { ...meta, ...externalAnswers } }, null, 2)}\n`;
}
