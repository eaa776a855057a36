"""Copy the run records under SRC to DST, each training history binned to `rows` rows (`tadib.records.bin_history`), as
the paper plan's chunks write theirs: records of an experiment run outside the plan (`tadib-reproduce --full --only
synergy --out SRC`) become small enough to commit. Only `*/seed<s>.json` records are copied; each is rewritten with its
digest, atomically."""
from pathlib import Path
from fastcore.script import call_parse
from tadib.records import RECORD_FIELDS, bin_history, write_record
from tadib.runs import read_json


@call_parse
def main(src: Path,          # folder holding the records (searched recursively)
         dst: Path,          # where the copies go, at the same relative paths
         rows: int = 200):   # history rows kept
    paths = sorted(Path(src).rglob('seed*.json'))
    if not paths: raise SystemExit(f"bin_records: no seed*.json record under {src}")
    for path in paths:
        record = read_json(path)
        missing = [k for k in RECORD_FIELDS if k not in record]
        if missing: raise SystemExit(f"bin_records: {path} is not a run record (no {missing})")
        record = {k: v for k, v in record.items() if k != 'digest'}
        write_record(Path(dst) / path.relative_to(src), {**record, 'history': bin_history(record['history'], rows)})
    print(f"{len(paths)} records from {src} to {dst}, histories in at most {rows} rows")
