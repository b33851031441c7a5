"""How long reading a prompt takes: the text models' load, then a warm plan plus prompt gate.

    .venv/bin/python benchmarks/prompt.py

Cold: loading the sentence encoder, the word counts, the encoded example phrases and the
gate's classifier, once per process. Warm: for each prompt of the plans' validation set, seen
for the first time (so nothing is cached), `plan_from_prompt` and `check_prompt` together.
Prints the mean, the 95th percentile and the slowest, and the share spent in the encoder.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    t = time.perf_counter()
    from vivify.moderation.classifier import prompt_classifier
    from vivify.moderation.prompt import check_prompt
    from vivify.plan import plan_from_prompt
    from vivify.text import TextModels

    text = TextModels.load()
    prompt_classifier()
    check_prompt("warm up")
    plan_from_prompt("warm up", None, text=text)  # the word lists are built on first use
    cold = time.perf_counter() - t
    lines = (ROOT / "training/plans/validation.jsonl").read_text("utf-8").splitlines()
    prompts = [json.loads(line)["prompt"] for line in lines if line.strip()]
    times, encoder = [], []
    for prompt in prompts:
        start = time.perf_counter()
        text.encoder([f"{prompt} (timing)"])  # the encoder alone, on a text it has not seen
        encoder.append(time.perf_counter() - start)
        start = time.perf_counter()
        plan_from_prompt(prompt, None, text=text)
        check_prompt(prompt)
        times.append(time.perf_counter() - start)
    ms = sorted(1000 * x for x in times)
    print(f"text models, cold load: {cold:.2f} s")
    print(
        f"warm plan + prompt gate over {len(ms)} prompts: mean {statistics.mean(ms):.1f} ms, "
        f"95th percentile {ms[int(0.95 * (len(ms) - 1))]:.1f} ms, slowest {ms[-1]:.1f} ms "
        f"(target: at most 100 ms)"
    )
    print(f"one encoder call: mean {1000 * statistics.mean(encoder):.1f} ms")


if __name__ == "__main__":
    main()
