/** Strings that break naive quoting in every language a module's files are written in. */
export const NASTY = [
  'plain',
  'He said "hi" and \'bye\'',
  'colon: hash # dollar ${HOME} $(id) `id` percent %{x} <% ejs %>',
  'back\\slash and \\n literally',
  'new\nline and\ttab and \r return',
  'Ñoño façade 日本語 emoji 🚀',
  'yes',
  '2024-09-17',
  '- leading dash',
  '',
];
