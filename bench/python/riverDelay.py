"""River's ADWIN, KSWIN and PageHinkley, with River's defaults, on the streams of bench/detectionDelay.ts.

The bench writes the drifted feature's raw values to a JSON file and runs this script with its path:
    {"kswinSeed": 42, "streams": [{"id": "...", "changeAt": 15000 or null, "values": [...]}]}
It prints one JSON object: River's version, each detector's constructor defaults, and per stream and
detector the 0-based indices at which drift_detected was set, and how many values it was fed. A detector
stops being fed at its first detection at or after changeAt (the bench needs only that one).

Needs river==0.26.1 (the bench refuses other versions, since defaults move between releases):
    python3.11 -m venv /work/pyenvs/delay && /work/pyenvs/delay/bin/pip install river==0.26.1
then `DRIFTWATCH_BENCH_PYTHON=/work/pyenvs/delay/bin/python npm run bench` (that path is also found
without the variable).
"""

import inspect
import json
import sys
from importlib.metadata import version

from river.drift import ADWIN, KSWIN, PageHinkley

REQUIRED_RIVER = "0.26.1"


def defaults(cls):
    return {name: p.default for name, p in inspect.signature(cls.__init__).parameters.items() if name != "self"}


def detections(detector, values, change_at):
    found = []
    fed = 0
    for i, x in enumerate(values):
        detector.update(x)
        fed += 1
        if detector.drift_detected:
            found.append(i)
            if change_at is not None and i >= change_at:
                break
    return {"detections": found, "fed": fed}


def main(path):
    if version("river") != REQUIRED_RIVER:
        sys.stderr.write(f"river {version('river')} is installed; this bench is pinned to river=={REQUIRED_RIVER}\n")
        sys.exit(3)
    with open(path) as f:
        spec = json.load(f)
    seed = spec["kswinSeed"]
    makers = {
        "ADWIN": ADWIN,
        "KSWIN": lambda: KSWIN(seed=seed),
        "PageHinkley": PageHinkley,
    }
    results = {}
    for stream in spec["streams"]:
        results[stream["id"]] = {name: detections(make(), stream["values"], stream["changeAt"]) for name, make in makers.items()}
    json.dump({
        "river": version("river"),
        "defaults": {"ADWIN": defaults(ADWIN), "KSWIN": {**defaults(KSWIN), "seed": seed}, "PageHinkley": defaults(PageHinkley)},
        "results": results,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
