// Build-time stand-in for `fly-import`, which yeoman-environment uses only to install
// generators from npm at run time (with npm's arborist, pacote, sigstore: 1.5 MB bundled).
// Our generator is registered by class, so that path never runs; if it did, say so.
const unsupported = () => {
  throw new Error('create-ai4os-module does not install Yeoman generators at run time');
};
export class FlyRepository {
  install = unsupported;
  resolve = unsupported;
}
export const flyImport = unsupported;
