"""Train the prompt gate's classifier and calibrate its thresholds.

    .venv/bin/python scripts/train_moderation.py [--check]

Trains one L2-regularised logistic classifier per category on the sentence encoder's vectors of
training/moderation/train_*.jsonl and the rules' test sets (tests/moderation/prompt_sets.py),
then chooses the thresholds on training/moderation/validation.jsonl: the lowest one at which the
whole gate (rules or classifier) wrongly blocks at most FALSE_BLOCKS of the harmless validation
prompts, a lower one for sexual content with minors. Writes
src/vivify/moderation/data/prompt_classifier.npz. With --check, trains and compares with the
shipped file instead (the test suite does this). Never run it on the held-out set.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.moderation.prompt_sets import BENIGN, HARMFUL  # noqa: E402

from vivify.moderation.classifier import FILE, PromptClassifier, readable  # noqa: E402
from vivify.moderation.prompt import read_prompt  # noqa: E402
from vivify.text import sentence_encoder  # noqa: E402

CATEGORIES = (
    "minors_sexual",
    "sexual",
    "violence",
    "self_harm",
    "hate",
    "real_person",
    "harassment",
)
NAMES = {"sexual_minors": "minors_sexual"}  # the data's category names -> the policy's
L2 = 0.03
FALSE_BLOCKS = 0.025
MINORS_FACTOR = 0.9  # the minors threshold, as a share of the others
VERSION = "2026.12.1"
OUT = ROOT / "src/vivify/moderation/data" / FILE


def _jsonl(path: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(r["prompt"], NAMES.get(r["category"], r["category"])) for r in rows]


def training_rows() -> list[tuple[str, str]]:
    rows = _jsonl(ROOT / "training/moderation/train_a.jsonl")
    rows += _jsonl(ROOT / "training/moderation/train_b.jsonl")
    rows += [(h.prompt, h.category) for h in HARMFUL]
    rows += [(b.prompt, "none") for b in BENIGN]
    return rows


def _fit(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[NDArray[np.float64], float]:
    """Logistic regression with balanced class weights, by L-BFGS."""
    pos = max(1, int(y.sum()))
    w_pos, w_neg = len(y) / (2 * pos), len(y) / (2 * max(1, len(y) - pos))
    weight = np.where(y > 0, w_pos, w_neg)

    def loss(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        w, b = theta[:-1], theta[-1]
        z = x @ w + b
        p = 1 / (1 + np.exp(-z))
        eps = 1e-9
        value = -np.sum(weight * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        value += 0.5 * L2 * float(w @ w)
        g = weight * (p - y)
        return float(value), np.concatenate([x.T @ g + L2 * w, [g.sum()]])

    theta = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B").x
    return theta[:-1], float(theta[-1])


def train() -> PromptClassifier:
    encode = sentence_encoder()
    rows = training_rows()
    x = encode([readable(p) for p, _ in rows]).astype(np.float64)
    weights, bias = [], []
    for cat in CATEGORIES:
        w, b = _fit(x, np.array([c == cat for _, c in rows], float))
        weights.append(w)
        bias.append(b)
    model = PromptClassifier(
        categories=CATEGORIES,
        weights=np.array(weights, np.float32),
        bias=np.array(bias, np.float32),
        thresholds=np.full(len(CATEGORIES), 0.5, np.float32),
        version=VERSION,
    )
    return _calibrate(model)


def _calibrate(model: PromptClassifier) -> PromptClassifier:
    encode = sentence_encoder()
    val = _jsonl(ROOT / "training/moderation/validation.jsonl")
    scores = model.scores(encode([readable(p) for p, _ in val]))
    by_rules = np.array([bool(read_prompt(p)) for p, _ in val])
    harmless = np.array([c == "none" for _, c in val])
    minors = CATEGORIES.index("minors_sexual")
    best = 0.99
    for t in np.arange(0.99, 0.05, -0.01):
        thresholds = np.full(len(CATEGORIES), t)
        thresholds[minors] = t * MINORS_FACTOR
        blocked = by_rules | (scores >= thresholds).any(axis=1)
        if blocked[harmless].mean() > FALSE_BLOCKS:
            break
        best = t
    thresholds = np.full(len(CATEGORIES), best, np.float32)
    thresholds[minors] = best * MINORS_FACTOR
    blocked = by_rules | (scores >= thresholds).any(axis=1)
    print(
        f"threshold {best:.2f} (minors {best * MINORS_FACTOR:.2f}): validation harmful blocked "
        f"{blocked[~harmless].mean():.1%}, harmless blocked {blocked[harmless].mean():.1%}"
    )
    return PromptClassifier(
        model.categories, model.weights, model.bias, np.round(thresholds, 3), model.version
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args()
    model = train()
    if args.check:
        from vivify.moderation.classifier import prompt_classifier

        shipped = prompt_classifier()
        same = np.allclose(shipped.weights, model.weights, atol=1e-3) and np.allclose(
            shipped.thresholds, model.thresholds, atol=1e-3
        )
        print("the shipped classifier matches its data" if same else "STALE: retrain")
        sys.exit(0 if same else 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    model.save(str(OUT))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
