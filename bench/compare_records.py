"""Compare the run records of two reproductions, record by record: which results moved, and which settings differ.

    python bench/compare_records.py runs/quick_before runs/quick_after

A refactor that should change nothing is checked by running the quick reproduction before and after it (same machine,
same thread count) and comparing: the test metrics, the inference selection and every training curve (the timings
excepted) must be identical; a setting that differs only in where it is stored (a key layout change) is listed.
"""
import argparse, json
from pathlib import Path

from tadib.records import untimed

PARTS = ('model', 'train', 'limits')


def load(path: Path) -> dict:
    try: return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as e: raise SystemExit(f"{path}: not a readable record ({e})")


def results(record: dict, logs=None) -> dict:
    "What a run computed: metrics, selection and the history without its timings (only its `logs`, if given)."
    history = {k: v for k, v in untimed(record['history']).items() if logs is None or k in logs}
    return dict(metrics=record['metrics'], selection=record['selection'], history=history)


def setting_changes(old: dict, new: dict) -> list[str]:
    "Fields of the model, training and limit configurations whose values differ between two records' params."
    a, b = old['params'], new['params']
    return sorted(f'{p}.{k}: {a[p].get(k)!r} -> {b[p].get(k)!r}' for p in PARTS
                  for k in set(a.get(p, {})) | set(b.get(p, {})) if a.get(p, {}).get(k, ...) != b.get(p, {}).get(k, ...))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('before', type=Path, help='output folder of the first reproduction')
    p.add_argument('after', type=Path, help='output folder of the second')
    args = p.parse_args(argv)
    paths = sorted(q.relative_to(args.before) for q in args.before.rglob('seed*.json'))
    if not paths: raise SystemExit(f"{args.before}: no records (seed*.json) found")
    moved, missing, changes, added = [], [], {}, {}
    for rel in paths:
        if not (args.after / rel).exists(): missing.append(rel); continue
        old, new = load(args.before / rel), load(args.after / rel)
        logs = set(old['history']) & set(new['history'])              # a log added since (top1, test_top1) is listed, not compared
        parts = [k for k, v in results(old, logs).items() if v != results(new, logs)[k]]
        if parts: moved.append((rel, parts))
        for k in sorted(set(old['history']) ^ set(new['history'])): added.setdefault(k, []).append(rel)
        for c in setting_changes(old, new): changes.setdefault(c, []).append(rel)
    for rel, parts in moved: print(f"MOVED   {rel}: {', '.join(parts)}")
    for rel in missing: print(f"MISSING {rel}")
    for c, rels in changes.items(): print(f"setting {c} in {len(rels)} record(s)")
    for k, rels in added.items(): print(f"history log {k!r} in one of the two only, in {len(rels)} record(s) (not compared)")
    print(f"{len(paths)} records: {len(paths) - len(moved) - len(missing)} with identical results, {len(moved)} moved, "
          f"{len(missing)} missing in {args.after}")
    return 1 if moved or missing else 0


if __name__ == '__main__':
    raise SystemExit(main())
