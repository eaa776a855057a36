"""Where the paper's top-1 comes from: TADIB seed 0 under the authors' profile, made again with the training batches'
top-1 (`top1`) and the authors' test (`test_top1`) in its history, beside the committed record of the same run.

    python bench/top1_protocols.py --hours 1 --threads 2     # resumable: run again to go on after the budget

The run is the plan's (`tadib.reproduce.PAPER_PLAN`, item 1: `figures/methods_avmnist/authors/tadib/seed0.json`); its
record goes to `figures/top1_protocols/`, its checkpoint to `$TADIB_CACHE/top1_protocols`. The new logs leave the
training as it was (`nbs/12_trainer.ipynb` tests it); the script says whether the run equals the committed record to
the bit, which it does only on the same floating-point path (machine, commit, threads), and writes `summary.md`: each
task's top-1 on the training mini-batches, under the authors' test and on the whole test split, beside the paper's.
"""
from pathlib import Path

import pandas as pd
from fastcore.script import call_parse

from tadib.config import Runtime
from tadib.datafiles import cache_dir
from tadib.measures import CONVERGED, authors_test_measures, paper_measures, test_measures
from tadib.paper import PAPER_METHODS, TABLE1
from tadib.records import run_method, stored_record, untimed
from tadib.reproduce import HISTORY_ROWS, PAPER_PLAN, plan_jobs
from tadib.runs import atomic_write_text


def the_run():
    "The plan's job of TADIB seed 0 under the authors' profile."
    return next(j for _, j in plan_jobs(PAPER_PLAN[:1]) if j.run.method == 'tadib' and j.run.seed == 0)


def unchanged(new: dict, old: dict) -> str:
    "Whether the new record `new` reproduces the committed record `old` exactly, and if not, from which history row on."
    curves = [k for k, v in untimed(old['history']).items() if new['history'].get(k) != v]
    differ = curves + [k for k in ('metrics', 'selection') if new[k] != old[k]]
    if not differ: return 'the same run as the committed record: every curve, the test metrics and the selection identical'
    row = next(i for i, (a, b) in enumerate(zip(old['history']['loss'], new['history']['loss'])) if a != b)
    return (f"not the committed record to the bit: {', '.join(differ)} differ, from history row {row} (steps up to "
            f"{old['history']['step'][row]}) on; made on {new['environment']['platform']}, the committed one on "
            f"{old['environment']['platform']} ({old['finished'][:10]}, an earlier commit), both {old['environment']['threads']} threads")


def top1_table(record: dict) -> pd.DataFrame:
    "Each task's top-1 (per cent): the paper's TADIB, the training batches, the authors' test, the whole test split."
    paper = {m[len('top1_'):]: v[PAPER_METHODS.index('tadib')][0] for m, v in TABLE1['avmnist'].items() if m.startswith('top1_')}
    rows = dict(paper=paper)
    for name, measured in (('training batches', paper_measures(record)), ("authors' test", authors_test_measures(record)),
                           ('test split', test_measures(record))):
        rows[name] = {k[len('top1_'):]: 100 * v for k, v in measured.items() if k.startswith('top1_')}
    return pd.DataFrame(rows).T[list(paper)].round(2)


@call_parse
def main(hours: float = 1.,        # training budget of this call, hours of wall time
         threads: int = 2,         # torch's CPU threads (the committed record's count reproduces it bit for bit)
         out: str = 'figures/top1_protocols'):  # where the record and summary.md go
    job = the_run()
    path = Path(out) / 'tadib_authors_seed0.json'
    record = run_method(job.run, path, Runtime(threads=threads), seconds=3600 * hours,
                        checkpoints=cache_dir() / 'top1_protocols', history_rows=HISTORY_ROWS)
    if record is None: print(f"budget reached; its checkpoint is saved: run again to go on"); return
    committed = stored_record(job.run, job.path)
    same = unchanged(record, committed)
    table = top1_table(record)
    text = (f"# Top-1 of TADIB seed 0, authors' profile, three ways\n\n{same}.\n\nMeans over the last {CONVERGED:.0%} of the "
            f"steps (training batches, authors' test) and the whole test split under the inference selection; made on "
            f"{record['environment']['device_name']}, {record['environment']['threads']} threads, "
            f"{record['finished'][:10]}.\n\n{table.to_markdown()}\n")
    atomic_write_text(Path(out) / 'summary.md', text)
    print(text)
