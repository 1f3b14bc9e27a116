"""Speed and memory of `cooperation-scorer`, each as a ratio to a floor measured in the same run.

    python bench/benchmark.py                   # N = 1,000 and 10,000, best of 3 runs
    python bench/benchmark.py --sizes 200,2000 --repeat 1

Generates N varied, valid synthetic proposals (two thirds `.yaml`, one third `.md` with
front matter; some fields declared, others left to be inferred from the text) in a
temporary folder, then measures, against the floors of the same run:

- the parse floor: one plain Python process reading the same files and parsing them with
  yaml.CSafeLoader;
- the import floor: `python -c "import typer, rich.table, pydantic, yaml"`.

1. `rank DIR --format json`, cold (an empty result cache, filled by the run): <= 4x the parse
   floor at the largest N; warm (every result kept): <= 1.0x.
2. Peak memory (max RSS of any one process of the cold run): <= 100 MiB at the largest N.
3. Scaling: cold rank time at the largest N / at the smallest: <= 11 (1,000 -> 10,000).
4. `score <one bundled proposal>`, cold (an empty cache) and warm: <= 1.5x the import floor.
5. SMAA-2 on 1,000 proposals x 10,000 samples, on one core (BLAS held to one thread): < 2 s.
6. `validate` on 7,500 proposal YAML files, cold and warm, against `check-jsonschema
   --schemafile schema/proposal.schema.json` on the same files, when it is installed (the
   `test` extra installs it): <= 0.25x.

Each figure shows its wall-time ratio and, beside it, its CPU-time ratio (user + system of
the process and its children): on a machine shared with other work the CPU ratio is the
steadier of the two. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
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

# Runs a command; prints its wall time, its CPU time (user + system, with its children) and
# the peak RSS in KiB of the largest of its processes, so each figure is that command's own.
MEASURE = """
import resource, subprocess, sys, time
with open("/dev/null", "wb") as sink:
    started = time.perf_counter()
    code = subprocess.run(sys.argv[1:], stdout=sink, check=False).returncode
    wall = time.perf_counter() - started
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, used.ru_utime + used.ru_stime, used.ru_maxrss, code)
"""


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mib: float


def measure(command: list[str], repeat: int, before: Callable[[], None] = lambda: None) -> Run:
    """Best wall and CPU time of `repeat` runs after a warm-up, and the largest peak memory;
    `before` runs before each (to empty a cache for a cold run)."""
    before()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=False)  # warm the file cache
    best, cpu, peak = float("inf"), float("inf"), 0.0
    for _ in range(repeat):
        before()
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
        )
        wall, used, kib, code = out.stdout.split()
        if code not in ("0", "1"):
            raise SystemExit(f"{' '.join(command)} exited {code}")
        best, cpu = min(best, float(wall)), min(cpu, float(used))
        peak = max(peak, int(kib) / 1024)
    return Run(best, cpu, peak)


Row = tuple[str, str, str, bool | None]  # figure, measured, target, passed (None: no target)


def ratio_row(figure: str, ours: Run, floor: Run, target: float | None) -> Row:
    """A ratio to a floor: wall time (the target's), and CPU time beside it."""
    ratio = ours.seconds / floor.seconds
    measured = f"{ratio:.2f}x (cpu {ours.cpu / floor.cpu:.2f}x)"
    detail = f"{figure}: {ours.seconds:.2f} s vs {floor.seconds:.2f} s"
    if target is None:
        return (detail, measured, "-", None)
    return (detail, measured, f"<= {target:g}x", ratio <= target)


def emptied(folder: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def smaa_row(folder: Path) -> Row:
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
    figure = f"SMAA-2 {int(timed[0]):,} proposals x 10,000 samples, one core"
    return (figure, f"{seconds:.2f} s", "< 2 s", seconds < 2)


def validate_rows(temp: Path, seed: int, repeat: int) -> list[Row]:
    """`validate` against check-jsonschema on 7,500 YAML files, when it is installed."""
    peer = shutil.which("check-jsonschema")
    if peer is None:
        return [("validate 7,500 vs check-jsonschema", "not run", "<= 0.25x", None)]
    folder = temp / "validate"
    folder.mkdir()
    rng = random.Random(seed + 1)
    index = 0
    while len(list(folder.iterdir())) < 7_500:
        name, text = proposal(index, rng)
        index += 1
        if name.endswith(".yaml"):
            (folder / name).write_text(text, encoding="utf-8")
    files = sorted(str(path) for path in folder.iterdir())
    schema = str(REPO / "schema" / "proposal.schema.json")
    theirs = measure([peer, "--schemafile", schema, *files], repeat)
    cache = temp / "cache-validate"
    ours = [SCORER, "validate", str(folder), "--cache-dir", str(cache)]
    cold = measure(ours, repeat, before=emptied(cache))
    warm = measure(ours, repeat)
    return [
        ratio_row("validate 7,500 cold vs check-jsonschema", cold, theirs, 0.25),
        ratio_row("validate 7,500 warm vs check-jsonschema", warm, theirs, 0.25),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated N")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rank-args", default="", help="extra arguments for rank")
    parser.add_argument("--no-validate", action="store_true", help="skip the validate figures")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    rows: list[Row] = []
    cold_times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as name:
        temp = Path(name)
        for size in sizes:
            folder = temp / str(size)
            folder.mkdir()
            generate(folder, size, args.seed)
            largest = size == sizes[-1]
            cache = temp / f"cache-{size}"
            rank = [SCORER, "rank", str(folder), "--format", "json", "--cache-dir", str(cache)]
            rank += args.rank_args.split()
            floor = measure([sys.executable, "-c", FLOOR, str(folder)], args.repeat)
            cold = measure(rank, args.repeat, before=emptied(cache))
            warm = measure(rank, args.repeat)  # the cold run filled the cache
            cold_times[size] = cold.seconds
            rows.append(ratio_row(f"rank N={size:,} cold", cold, floor, 4 if largest else None))
            rows.append(ratio_row(f"rank N={size:,} warm", warm, floor, 1.0 if largest else None))
            rows.append(
                (
                    f"rank N={size:,} cold: peak memory of any one process",
                    f"{cold.peak_mib:.0f} MiB",
                    "<= 100 MiB" if largest else "-",
                    cold.peak_mib <= 100 if largest else None,
                )
            )
            if size == 1000:
                rows.append(smaa_row(folder))
        if len(sizes) > 1:
            scaling = cold_times[sizes[-1]] / cold_times[sizes[0]]
            rows.append(
                (
                    f"scaling N={sizes[-1]:,} / N={sizes[0]:,} (cold)",
                    f"{scaling:.2f}",
                    "<= 11",
                    scaling <= 11,
                )
            )
        one = str(REPO / "proposals" / "baiterek-engineers.yaml")
        cache = temp / "cache-score"
        score = [SCORER, "score", one, "--cache-dir", str(cache)]
        imports = measure(
            [sys.executable, "-c", "import typer, rich.table, pydantic, yaml"], args.repeat
        )
        cold = measure(score, args.repeat, before=emptied(cache))
        warm = measure(score, args.repeat)
        rows.append(ratio_row("score one file cold vs imports", cold, imports, 1.5))
        rows.append(ratio_row("score one file warm vs imports", warm, imports, 1.5))
        if not args.no_validate:
            rows.extend(validate_rows(temp, args.seed, args.repeat))
    width = max(len(row[0]) for row in rows)
    print(f"{'figure':<{width}}  {'measured':>22}  {'target':>10}  result")
    for figure, measured, target, passed in rows:
        result = "-" if passed is None else "PASS" if passed else "MISS"
        print(f"{figure:<{width}}  {measured:>22}  {target:>10}  {result}")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"(cores available: {cores}, python {sys.version.split()[0]}; wall-time ratios, CPU "
        "beside; rss as reported by getrusage)"
    )
    return 0 if all(row[3] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
