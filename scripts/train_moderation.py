"""Train the prompt gate's classifier and calibrate its thresholds.

    .venv/bin/python scripts/train_moderation.py [--check]

Encodes training/moderation/train_*.jsonl and the rules' test sets
(tests/moderation/prompt_sets.py) with the sentence encoder, trains the network (one hidden
layer, softmax over "none" and the seven categories, harmful and harmless weighted equally, by
Adam with a fixed seed), keeps the vectors as neighbours, and chooses the thresholds on
training/moderation/validation.jsonl and the held-out sets already measured and spent
(CALIBRATION): the lowest harm threshold at which the whole gate (rules or classifier) wrongly
blocks at most FALSE_BLOCKS of their harmless prompts (2%), and
MINORS_FACTOR of it for sexual content with minors. Writes
src/vivify/moderation/data/prompt_classifier.npz. With --check, trains and compares its
decisions on the calibration sets with the shipped file's. Never run on an unspent held-out set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.moderation.prompt_sets import BENIGN, HARMFUL  # noqa: E402
from tests.plan.prompts import CASES as PLAN_CASES  # noqa: E402

from vivify.moderation.classifier import FILE, PromptClassifier  # noqa: E402
from vivify.moderation.prompt import classifier_text, read_prompt  # noqa: E402
from vivify.text import sentence_encoder  # noqa: E402

CLASSES = (
    "none",
    "minors_sexual",
    "sexual",
    "violence",
    "self_harm",
    "hate",
    "real_person",
    "harassment",
)
NAMES = {"sexual_minors": "minors_sexual"}  # the data's category names -> the policy's
HIDDEN = 256
EPOCHS = 600
LEARNING_RATE = 0.01
WEIGHT_DECAY = 1e-4
FALSE_BLOCKS = 0.02
MINORS_FACTOR = 0.8
VERSION = "2026.12.4"
OUT = ROOT / "src/vivify/moderation/data" / FILE
F64 = NDArray[np.float64]


# What the network learns from (besides the rules' sets and the planner's harmless wishes).
TRAIN = (
    "training/moderation/train_a.jsonl",
    "training/moderation/train_b.jsonl",
    "training/moderation/train_c.jsonl",
    "training/moderation/train_d.jsonl",
    "training/moderation/train_e.jsonl",
    "training/moderation/train_f.jsonl",
    "training/moderation/train_g.jsonl",
    "training/moderation/train_h.jsonl",
    "training/moderation/train_i.jsonl",
)
# Where the thresholds are chosen: the validation set and the held-out sets already measured
# and spent (each was measured once before it joined; see evaluation/*/README.md).
CALIBRATION = (
    "training/moderation/validation.jsonl",
    "evaluation/prompts/moderation.jsonl",
    "evaluation/prompts2/moderation.jsonl",
    "evaluation/prompts3/moderation.jsonl",
    "evaluation/prompts4/moderation.jsonl",
    "evaluation/prompts5/moderation.jsonl",
    "evaluation/prompts6/moderation.jsonl",
)
SOURCES = (
    *TRAIN,
    *CALIBRATION,
    "training/plans/validation.jsonl",
    "tests/moderation/prompt_sets.py",
    "tests/plan/prompts.py",
    "scripts/train_moderation.py",
)


def digest() -> str:
    """SHA-256 of everything the classifier is trained and calibrated from."""
    h = hashlib.sha256()
    paths = [ROOT / p for p in SOURCES]
    paths += sorted((ROOT / "src/vivify/plan/data").glob("phrases*.jsonl"))
    paths += _spent_plan_sets()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _spent_plan_sets() -> list[Path]:
    """The planner's held-out sets already measured and spent: everyday wishes by other
    authors, in dialects and slang, all harmless."""
    return sorted((ROOT / "evaluation").glob("prompts*/plans.jsonl"))


def _jsonl(path: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [
        (r["prompt"], NAMES.get(r.get("category", "none"), r.get("category", "none"))) for r in rows
    ]


def training_rows() -> list[tuple[str, str]]:
    rows = []
    for source in TRAIN:
        rows += _jsonl(ROOT / source)
    rows += [(h.prompt, h.category) for h in HARMFUL]
    rows += [(b.prompt, "none") for b in BENIGN]
    # Ordinary wishes, all harmless: the planner's example phrases, its development table, its
    # validation set and its spent held-out sets, so that "make her smile" is known as the
    # everyday request it is.
    for path in sorted((ROOT / "src/vivify/plan/data").glob("phrases*.jsonl")):
        rows += [
            (json.loads(line)["phrase"], "none")
            for line in path.read_text("utf-8").splitlines()
            if line.strip()
        ]
    rows += [(case.prompt, "none") for case in PLAN_CASES]
    rows += [(p, "none") for p, _ in _jsonl(ROOT / "training/plans/validation.jsonl")]
    for path in _spent_plan_sets():
        rows += [(p, "none") for p, _ in _jsonl(path)]
    return rows


def _network(x: F64, y: NDArray[np.int64]) -> tuple[F64, F64, F64, F64]:
    """One hidden layer, softmax, class-balanced cross-entropy, full-batch Adam."""
    rng = np.random.default_rng(0)
    n, d = x.shape
    k = len(CLASSES)
    params = [
        rng.normal(0, 0.05, (d, HIDDEN)),
        np.zeros(HIDDEN),
        rng.normal(0, 0.05, (HIDDEN, k)),
        np.zeros(k),
    ]
    harmless = float((y == 0).mean())
    weight = np.where(y == 0, 0.5 / harmless, 0.5 / (1 - harmless)) / n
    onehot = np.eye(k)[y]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    for step in range(1, EPOCHS + 1):
        w1, b1, w2, b2 = params
        h = np.maximum(0.0, x @ w1 + b1)
        z = h @ w2 + b2
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * weight[:, None]
        gh = (g @ w2.T) * (h > 0)
        grads = [x.T @ gh + WEIGHT_DECAY * w1, gh.sum(0), h.T @ g + WEIGHT_DECAY * w2, g.sum(0)]
        for i, grad in enumerate(grads):
            first[i] = 0.9 * first[i] + 0.1 * grad
            second[i] = 0.999 * second[i] + 0.001 * grad * grad
            m = first[i] / (1 - 0.9**step)
            v = second[i] / (1 - 0.999**step)
            params[i] = params[i] - LEARNING_RATE * m / (np.sqrt(v) + 1e-8)
    return params[0], params[1], params[2], params[3]


def train() -> PromptClassifier:
    encode = sentence_encoder()
    rows = training_rows()
    x = encode([classifier_text(p)[0] for p, _ in rows]).astype(np.float64)
    y = np.array([CLASSES.index(c) for _, c in rows])
    w1, b1, w2, b2 = _network(x, y)
    model = PromptClassifier(
        classes=CLASSES,
        hidden=w1.astype(np.float16).astype(np.float32),  # as shipped
        hidden_bias=b1.astype(np.float32),
        out=w2.astype(np.float32),
        out_bias=b2.astype(np.float32),
        neighbours=x.astype(np.float16).astype(np.float32),
        labels=y.astype(np.int16),
        threshold=0.5,
        minors_threshold=0.5,
        version=VERSION,
        digest=digest(),
    )
    return _calibrate(model)


def _validation() -> tuple[
    list[tuple[str, str]], NDArray[np.float32], NDArray[np.bool_], list[bool]
]:
    val = [row for path in CALIBRATION for row in _jsonl(ROOT / path)]
    read = [classifier_text(p) for p, _ in val]
    vectors = sentence_encoder()([text for text, _ in read])
    by_rules = np.array([bool(read_prompt(p)) for p, _ in val])
    return val, vectors, by_rules, [minor for _, minor in read]


def decisions(model: PromptClassifier) -> NDArray[np.bool_]:
    """Whether the whole gate blocks each validation prompt."""
    _, vectors, by_rules, minors = _validation()
    learned = np.array([v is not None for v in model.verdicts(model.scores(vectors), minors)])
    return by_rules | learned


def _calibrate(model: PromptClassifier) -> PromptClassifier:
    val, vectors, by_rules, minors = _validation()
    scores = model.scores(vectors)
    harmless = np.array([c == "none" for _, c in val])
    best = 0.99
    for t in np.arange(0.99, 0.05, -0.01):
        trial = _with(model, float(t))
        learned = np.array([v is not None for v in trial.verdicts(scores, minors)])
        if (by_rules | learned)[harmless].mean() > FALSE_BLOCKS:
            break
        best = float(t)
    model = _with(model, best)
    blocked = by_rules | np.array([v is not None for v in model.verdicts(scores, minors)])
    print(
        f"threshold {model.threshold:.2f} (minors {model.minors_threshold:.2f}): validation "
        f"harmful blocked {blocked[~harmless].mean():.1%}, harmless blocked "
        f"{blocked[harmless].mean():.1%}"
    )
    return model


def _with(model: PromptClassifier, threshold: float) -> PromptClassifier:
    from dataclasses import replace

    return replace(
        model,
        threshold=round(threshold, 3),
        minors_threshold=round(threshold * MINORS_FACTOR, 3),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args()
    model = train()
    if args.check:
        from vivify.moderation.classifier import prompt_classifier

        agree = float((decisions(model) == decisions(prompt_classifier())).mean())
        print(f"the shipped classifier agrees with a fresh one on {agree:.1%} of validation")
        sys.exit(0 if agree >= 0.99 else 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    model.save(str(OUT))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
