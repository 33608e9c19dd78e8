"""Run a command in a pseudo-terminal and answer its prompts, as a person at a keyboard.

Usage: python pty_driver.py SCRIPT_JSON -- COMMAND...
SCRIPT_JSON is a list of [regex, keys]: wait until the screen output (since the previous
step) matches regex, then type keys. Prints JSON {"status": exit code, "output": text without
terminal escapes, "raw": text as the terminal got it}.
"""
import json
import os
import pty
import re
import select
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]")


def main():
    steps = json.loads(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    transcript = ""
    pending = ""
    # Only ends a hung conversation (one takes a few seconds): the test waits for this process.
    deadline = time.time() + 300

    def read(timeout):
        nonlocal transcript, pending
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536).decode("utf-8", "replace")
        except OSError:
            return False
        if not chunk:
            return False
        transcript += chunk
        pending += ANSI.sub("", chunk)
        return True

    alive = True
    for pattern, keys in steps:
        while alive and not re.search(pattern, pending):
            if time.time() > deadline:
                raise SystemExit(json.dumps({"status": None, "output": ANSI.sub("", transcript), "waiting_for": pattern}))
            alive = read(0.2)
        pending = ""
        time.sleep(0.05)
        os.write(fd, keys.encode())
    while alive and time.time() < deadline:
        alive = read(0.5)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"status": os.waitstatus_to_exitcode(status), "output": ANSI.sub("", transcript), "raw": transcript}))


main()
