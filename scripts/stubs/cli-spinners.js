// Build-time stand-in for `cli-spinners` (32 KB of spinner frames compiled on every start):
// ora, which Yeoman's adapter creates at start-up, only ever takes its default spinner,
// `dots`, or `line` on a terminal without Unicode. These are those two, as cli-spinners has them.
export default {
  dots: { interval: 80, frames: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] },
  line: { interval: 130, frames: ['-', '\\', '|', '/'] },
};
