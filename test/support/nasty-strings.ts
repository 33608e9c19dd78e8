/** Every control character but NUL (which no file of ours can hold, nor argv). */
const CONTROLS = `${Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('')}\u007f\u0080\u0084\u0086\u009f`;

/** Strings built to break the quoting of every language a module's files are written in. */
export const PAYLOADS = [
  'plain',
  '',
  'He said "hi" and \'bye\'',
  'back\\slash, \\n and \\" literally, \\\\ two',
  'ends in a backslash \\',
  'T ${upper(path.cwd)}',
  'T ${file("/etc/hostname")}',
  'percent %{ if true }x%{ endif } and %%{ and $${ and $$${ and $',
  'ejs <% x %> <%= y %> <%- z %> %>',
  'new\nline, CRLF\r\nand a lone CR\rand\ttab',
  'line separator\u2028paragraph separator\u2029next line\u0085end',
  `controls ${CONTROLS}`,
  'emoji 🚀 👩‍🔬, Ñoño façade 日本語, BOM \ufeff, nbsp\u00a0',
  'colon: hash # dollar $HOME $(id) `id` ; | & > < * ? [a] {b} ~ !',
  'yes',
  '2024-09-17',
  '- leading dash',
  '1. looks like a list',
  '  leading and trailing spaces  ',
];
