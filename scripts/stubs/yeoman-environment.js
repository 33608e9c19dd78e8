// Build-time narrowing of `yeoman-environment` to the one class we use. Its index also
// loads the full environment (a command-line front end with commander, generator lookup and
// install on the fly), which a generator registered by class and run in-process never needs.
export { default as EnvironmentBase } from '../../node_modules/yeoman-environment/dist/environment-base.js';
