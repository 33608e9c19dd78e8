// Build-time stand-in for `@inquirer/external-editor` (and with it iconv-lite and chardet,
// 0.5 MB bundled): it serves only the `editor` prompt, which neither we nor Yeoman's
// conflict resolution use. If something did reach it, say so instead of misbehaving.
const unsupported = () => {
  throw new Error('create-ai4os-module has no external-editor prompt');
};
export class ExternalEditor {
  constructor() {
    unsupported();
  }
}
export const editAsync = unsupported;
export const edit = unsupported;
export class CreateFileError extends Error {}
export class LaunchEditorError extends Error {}
export class ReadFileError extends Error {}
export class RemoveFileError extends Error {}
