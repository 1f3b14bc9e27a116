"""Speed and memory of `cooperation-scorer`, side by side with the floor, against the targets.

    python bench/benchmark.py                   # N = 1,000 and 10,000, best of 3 runs
    python bench/benchmark.py --sizes 200,2000 --repeat 1

Generates N varied, valid synthetic proposals (two thirds `.yaml`, one third `.md` with
front matter; some fields declared, others left to be inferred from the text) in a
temporary folder, then measures:

1. `cooperation-scorer rank DIR --format json` against the floor, a plain Python process
   that reads and parses the same files with yaml.CSafeLoader: ratio <= 1.5 at the
   largest N.
2. Peak memory (max RSS) of that rank run: <= 200 MiB at the largest N.
3. Scaling: rank time at the largest N / time at the smallest <= 11 (for 1,000 and 10,000).
4. `cooperation-scorer score <one bundled proposal>` against the floor
   `python -c "import typer, rich, pydantic, yaml"`: ratio <= 1.3.
5. SMAA-2 on 1,000 proposals x 10,000 samples, on one core (BLAS held to one thread):
   < 2 s.

Prints each figure with its target; exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCORER = shutil.which("cooperation-scorer") or "cooperation-scorer"

HOSTS = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]
THIRD = ["European Union", "UNDP", "WHO", "World Bank", "Asian Development Bank", "China"]
DOMAINS = [
    "environment", "public-health", "human-capital", "civil-security", "space",
    "knowledge-sharing", "migration", "nonproliferation", "energy", "education",
    "urban-development", "infrastructure", "counterterrorism", "counternarcotics", "governance",
]  # fmt: skip
OPENINGS = [
    "{host} proposes a project with U.S. and Russian specialists on {topic}.",
    "The ministry of {host} would lead a joint effort on {topic} with both powers.",
    "Experts from Russia and the United States would work with {host} on {topic}.",
]
SENTENCES = [
    "It is a small pilot in two districts, kept low-key and under the political radar.",
    "The program runs for several years across many provinces.",
    "It would be announced at a presidential summit with a media campaign.",
    "The work is technical: engineers and laboratory staff train local specialists.",
    "Cooperation is limited to expert discussions and sharing of experience.",
    "It shares no security information and involves no military or dual-use technology.",
    "Officials expect a policy dialogue on governance to follow the first year.",
    "The project is not linked to sanctions or to any other dispute.",
    "Local universities and NGOs join the monitoring of results each season.",
    "Budgets are modest and come from the three governments in equal shares.",
    "A steering board meets twice a year to review progress and adjust the plan.",
    "Training materials are published in Russian, English and the local language.",
    "Participants exchange best practices on early warning and search and rescue.",
    "The effort builds on earlier cooperation between the agencies concerned.",
]
TOPICS = [
    "glacier monitoring", "tuberculosis laboratories", "vocational training for rural youth",
    "earthquake preparedness", "communication satellites", "returning labor migrants",
    "water use in agriculture", "radiological source security", "municipal utilities",
]  # fmt: skip


def proposal(index: int, rng: random.Random) -> tuple[str, str]:
    """One valid proposal, as (file name, text)."""
    host = rng.choice(HOSTS)
    participants = [host, "United States", "Russia", *rng.sample(THIRD, rng.choice([0, 0, 1]))]
    lead = rng.choice([host, host, host, "United States", "Russia"])
    topic = rng.choice(TOPICS)
    body = [rng.choice(OPENINGS).format(host=host, topic=topic)]
    body += rng.sample(SENTENCES, rng.randint(7, 11))
    summary = " ".join(body)
    fields = [
        f"title: Joint work on {topic} in {host} ({index})",
        f"domain: {rng.choice(DOMAINS)}",
        f"host_states: [{host}]",
        f"participants: [{', '.join(participants)}]",
        f"lead: {lead}",
    ]
    declared = {
        "political_profile": rng.choice(["technical", "mixed", "political"]),
        "visibility": rng.choice(["low", "medium", "high"]),
        "scale": rng.choice(["pilot", "program", "flagship"]),
    }
    for key, value in declared.items():
        if rng.random() < 0.5:
            fields.append(f"{key}: {value}")
    if rng.random() < 0.05:  # a few that a gate blocks
        fields.append(rng.choice(["intelligence_sharing: operational", "dual_use: true"]))
    if rng.random() < 0.33:
        return f"p{index:05d}.md", "---\n" + "\n".join(fields) + "\n---\n" + summary + "\n"
    return f"p{index:05d}.yaml", "\n".join(fields) + f"\nsummary: >\n  {summary}\n"


def generate(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for index in range(count):
        name, text = proposal(index, rng)
        (folder / name).write_text(text, encoding="utf-8")


FLOOR = """
import os, sys, yaml
for root, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(root, name), encoding="utf-8") as stream:
            text = stream.read()
        if name.endswith(".md"):
            text = text.split("---", 2)[1]
        yaml.load(text, Loader=yaml.CSafeLoader)
"""

# Times SMAA-2 alone on the proposals of a folder, after assessing them.
SMAA = """
import sys, time
from pathlib import Path
from cooperation_scorer.pipeline import evaluate
from cooperation_scorer.load.files import load_rubric
from cooperation_scorer.analysis.sensitivity import matrix_of, smaa
loaded = load_rubric(None, Path.cwd())
problem = matrix_of(evaluate([Path(sys.argv[1])], loaded, jobs=1).assessments)
best = float("inf")
for _ in range(3):
    started = time.perf_counter()
    smaa(problem, samples=10_000, seed=0, k=3)
    best = min(best, time.perf_counter() - started)
print(len(problem.ids), best)
"""

# Runs a command and prints its peak RSS in KiB, so each figure is that command's own.
MEASURE = """
import resource, subprocess, sys
with open("/dev/null", "wb") as sink:
    code = subprocess.run(sys.argv[1:], stdout=sink, check=False).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


@dataclass
class Run:
    seconds: float
    peak_mib: float


def measure(command: list[str], repeat: int) -> Run:
    """Best wall time of `repeat` runs after a warm-up, and the peak memory of one."""
    subprocess.run(command, stdout=subprocess.DEVNULL, check=False)  # warm the file cache
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
        )
        best = min(best, time.perf_counter() - started)
        kib, code = out.stdout.split()
        if code not in ("0", "1"):
            raise SystemExit(f"{' '.join(command)} exited {code}")
        peak = max(peak, int(kib) / 1024)
    return Run(best, peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated N")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rank-args", default="", help="extra arguments for rank")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    # (figure, measured, target, passed); passed is None for a figure with no target (the
    # ratio and memory targets hold at the largest N only; smaller N are shown for scaling)
    rows: list[tuple[str, str, str, bool | None]] = []
    rank_times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as temp:
        for size in sizes:
            folder = Path(temp) / str(size)
            folder.mkdir()
            generate(folder, size, args.seed)
            rank = [SCORER, "rank", str(folder), "--format", "json", *args.rank_args.split()]
            ours = measure(rank, args.repeat)
            floor = measure([sys.executable, "-c", FLOOR, str(folder)], args.repeat)
            rank_times[size] = ours.seconds
            if size == 1000:
                one_core = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
                pin = shutil.which("taskset")  # one core; without taskset, BLAS threads only
                timed = subprocess.run(
                    [*([pin, "-c", "0"] if pin else []), sys.executable, "-c", SMAA, str(folder)],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=one_core,
                    cwd=REPO,
                ).stdout.split()
                seconds = float(timed[1])
                rows.append(
                    (
                        f"SMAA-2 {int(timed[0]):,} proposals x 10,000 samples, one core",
                        f"{seconds:.2f} s",
                        "< 2 s",
                        seconds < 2,
                    )
                )
            ratio = ours.seconds / floor.seconds
            rows.append(
                (
                    f"rank N={size:,}: {ours.seconds:.2f} s vs floor {floor.seconds:.2f} s",
                    f"ratio {ratio:.2f}",
                    "<= 1.5" if size == sizes[-1] else "-",
                    ratio <= 1.5 if size == sizes[-1] else None,
                )
            )
            rows.append(
                (
                    f"rank N={size:,}: peak memory",
                    f"{ours.peak_mib:.0f} MiB",
                    "<= 200 MiB" if size == sizes[-1] else "-",
                    ours.peak_mib <= 200 if size == sizes[-1] else None,
                )
            )
    if len(sizes) > 1:
        scaling = rank_times[sizes[-1]] / rank_times[sizes[0]]
        rows.append(
            (f"scaling N={sizes[-1]:,} / N={sizes[0]:,}", f"{scaling:.2f}", "<= 11", scaling <= 11)
        )
    one = str(REPO / "proposals" / "baiterek-engineers.yaml")
    score = measure([SCORER, "score", one], args.repeat)
    imports = measure([sys.executable, "-c", "import typer, rich, pydantic, yaml"], args.repeat)
    ratio = score.seconds / imports.seconds
    rows.append(
        (
            f"score one file: {score.seconds:.3f} s vs imports {imports.seconds:.3f} s",
            f"ratio {ratio:.2f}",
            "<= 1.3",
            ratio <= 1.3,
        )
    )
    width = max(len(row[0]) for row in rows)
    print(f"{'figure':<{width}}  {'measured':>12}  {'target':>10}  result")
    for figure, measured, target, passed in rows:
        result = "-" if passed is None else "PASS" if passed else "MISS"
        print(f"{figure:<{width}}  {measured:>12}  {target:>10}  {result}")
    print(
        f"(cores: {os.cpu_count()}, python {sys.version.split()[0]}, rss as reported by getrusage)"
    )
    return 0 if all(row[3] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
