"""The quick run's experiments at their own settings, as `bash scripts/reproduce.sh` runs them, each checked against
the CPU time it declares (`tadib.reproduce.Experiment.seconds`, measured on the 2-core box at one thread)."""
import json

from tadib.reproduce import select

from cli import reproduce_quick

#: the most CPU an experiment may take against its declared seconds: the box's speed varies by 10-15% from day to day,
#: and CI runs four one-thread processes on its two cores, which slows each by sharing caches and memory
BUDGET = 1.5


def quick(tmp_path, *names):
    "Run the experiments `names` at their quick settings into `tmp_path`; check each kept to its budget; their folders."
    run = reproduce_quick('--only', *names, out=tmp_path)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    for exp in select(list(names)):
        done = json.loads((tmp_path / exp.name / 'done.json').read_text())
        assert done['cpu_seconds'] <= BUDGET * exp.seconds, (f"{exp.name} took {done['cpu_seconds']} s of CPU, more than "
                                                             f"{BUDGET} x the {exp.seconds} s it declares: measure it again")
    return [tmp_path / n for n in names]
