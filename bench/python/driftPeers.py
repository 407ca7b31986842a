"""Drift of 10 windows against a reference with Evidently's DataDriftPreset or NannyML's UnivariateDriftCalculator.

usage: driftPeers.py evidently|nannyml REFERENCE.parquet CURRENT.parquet WINDOW
Prints one JSON line: readSeconds (both Parquet files into pandas), driftSeconds (the drift computation only),
windows, and the package version.
"""
import json
import sys
import time

import pandas as pd

peer, reference_path, current_path, window = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

started = time.perf_counter()
reference = pd.read_parquet(reference_path)
current = pd.read_parquet(current_path)
watched = [c for c in reference.columns if c.startswith("features.") or c in ("prediction.score", "prediction.label")]
reference, current = reference[watched], current[watched]
read_seconds = time.perf_counter() - started

started = time.perf_counter()
if peer == "evidently":
    import evidently
    from evidently import Report
    from evidently.presets import DataDriftPreset

    windows = 0
    for start in range(0, len(current), window):
        Report([DataDriftPreset()]).run(current.iloc[start:start + window], reference)
        windows += 1
    version = evidently.__version__
elif peer == "nannyml":
    import nannyml
    from nannyml.drift.univariate import UnivariateDriftCalculator

    calc = UnivariateDriftCalculator(column_names=watched, chunk_size=window)
    calc.fit(reference)
    result = calc.calculate(current)
    windows = len(result.filter(period="analysis").to_df())
    version = nannyml.__version__
else:
    raise SystemExit(f"unknown peer {peer}: evidently or nannyml")
drift_seconds = time.perf_counter() - started
print(json.dumps({"readSeconds": read_seconds, "driftSeconds": drift_seconds, "windows": windows, "version": version}))
