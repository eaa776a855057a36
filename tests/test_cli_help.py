"""Every option of the three command-line tools is documented in its `--help`."""
import argparse, subprocess, sys
from pathlib import Path
from unittest.mock import patch

import tadib.grid, tadib.reproduce


def parser_of(main) -> argparse.ArgumentParser:
    "The parser `main` builds, caught as it parses."
    caught = {}
    def grab(self, *args, **kwargs):
        caught['parser'] = self; raise SystemExit(0)
    with patch.object(argparse.ArgumentParser, 'parse_args', grab):
        try: main([])
        except SystemExit: pass
    return caught['parser']


def test_every_option_has_help():
    for main in (tadib.grid.main, tadib.reproduce.main):
        parser = parser_of(main)
        undocumented = [a.option_strings for a in parser._actions if not (a.help or '').strip()]
        assert not undocumented, (parser.prog, undocumented)


def test_help_runs_from_the_shell():
    "The console scripts answer `--help`; tadib-data's one option (fastcore's `call_parse`, from its docments) says what it does."
    for tool, text in (('tadib-run', '--preset'), ('tadib-reproduce', '--full'), ('tadib-data', '--download  fetch what is missing')):
        done = subprocess.run([str(Path(sys.executable).parent / tool), '--help'], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and text in done.stdout, (tool, done.stdout, done.stderr)
