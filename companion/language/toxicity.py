"""Toxicity scores from two small recurrent networks trained on Jigsaw's Toxic Comment data.

`tox-block` 0.1.2 (Pascal Bliem) and `toxic-comment-classifier` 0.3.0 (Md Irfan Ali), both MIT
and on PyPI, ship the same kind of model: the 20,000 commonest words of 160,000 Wikipedia
comments labelled by Jigsaw (CC0), 50-dimensional word vectors, a bidirectional LSTM of 50 units,
max-pooling over the words, and six outputs (toxic, severe toxic, obscene, threat, insult,
identity hate). They learnt hostility from far more text than TweetEval's 12,000 tweets, so
their scores are strong extra inputs to the stacked offensive-language model
(`companion.language.offensive_stack`).

Both packages need TensorFlow (over 500 MB). `scripts/export_toxicity_model.py` writes their
vocabularies and weights into `companion/data/toxicity_lstm.npz`; this module runs the network
with NumPy. It reads only the words of a sentence, with no padding: the Keras packages pad every
text to 100 positions, which costs ten times as much. The logits differ a good deal (by 1.7 on
average on TweetEval's validation sentences), but the stack is trained on the scores exactly as
computed here, and a stack trained on padded scores measured within 0.005 macro-F1 of it.
`padded_logits` reproduces the packages' padded reading, and `tests/language/test_toxicity.py`
checks it against outputs Keras computed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "toxicity_lstm.npz"
LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
# Keras's `Tokenizer` defaults, which both packages used: these characters become spaces.
FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
_SPACE_OUT = str.maketrans({c: " " for c in FILTERS})


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # The same function as 1 / (1 + exp(-x)) in fewer NumPy calls, and no overflow warning.
    return 0.5 * np.tanh(0.5 * x) + 0.5


def _hard_sigmoid(x: np.ndarray) -> np.ndarray:
    """Keras 2's `hard_sigmoid` (Keras 3 changed the slope to 1/6): what tox-block's LSTM gates use."""
    return np.minimum(np.maximum(0.2 * x + 0.5, 0.0), 1.0)  # np.clip's Python wrapper costs more


# Added to the input gate where a row has no word yet: its gate shuts (sigmoid(-50) is 2e-22, the
# hard sigmoid's is 0), so the state stays zero with no masking inside the loop.
_SHUT = np.float32(-50.0)


def _runs(flags: np.ndarray) -> list[tuple[slice, bool]]:
    """Consecutive rows with the same flag, as slices: cheaper to index than lists of rows."""
    runs, start = [], 0
    for k in range(1, len(flags) + 1):
        if k == len(flags) or flags[k] != flags[start]:
            runs.append((slice(start, k), bool(flags[start])))
            start = k
    return runs


def _steps(inputs: np.ndarray, recurrent: np.ndarray, mask: np.ndarray, hard: np.ndarray | None = None):
    """Run LSTMs side by side and yield each step's output (rows, texts, u).

    `inputs` (rows, texts, steps, 4u) are the input projections plus bias; `recurrent`
    (rows, u, 4u) is each row's recurrent kernel, shared by its texts, so a step is one matrix
    product per row however many texts there are; `mask` (rows, texts, steps) says which steps
    hold a word; `hard` (rows,) which rows' gates are Keras 2's hard sigmoid (the others' are the
    logistic sigmoid). Texts are padded at the start: until a text's first word its input gate is
    shut, so its state and output stay zero (to within 1e-21)."""
    rows, texts, steps, _ = inputs.shape
    units = recurrent.shape[1]
    runs = _runs(np.zeros(rows, dtype=bool) if hard is None else np.asarray(hard, dtype=bool))
    inputs = inputs.copy()
    inputs[..., :units] += np.where(mask, np.float32(0.0), _SHUT)[..., None]
    h = np.zeros((rows, texts, units), dtype=np.float32)
    c = np.zeros((rows, texts, units), dtype=np.float32)
    for t in range(steps):
        z = inputs[:, :, t] + h @ recurrent
        s = np.empty_like(z)  # the gates, all four blocks at once: input, forget, (cell: unused), output
        for rows_, is_hard in runs:
            s[rows_] = _hard_sigmoid(z[rows_]) if is_hard else _sigmoid(z[rows_])
        c = s[..., units:2 * units] * c + s[..., :units] * np.tanh(z[..., 2 * units:3 * units])
        h = s[..., 3 * units:] * np.tanh(c)
        yield h


def _recur(inputs: np.ndarray, recurrent: np.ndarray, mask: np.ndarray, hard: np.ndarray | None = None) -> np.ndarray:
    """Every step's output for one text a row: `inputs` (rows, steps, 4u), `mask` (rows, steps);
    returns (rows, steps, u), zero where masked. For checking the recurrence; scoring keeps only
    the maximum."""
    outputs = list(_steps(inputs[:, None], recurrent, mask[:, None], hard))
    if not outputs:
        return np.zeros((*inputs.shape[:2], recurrent.shape[1]), dtype=np.float32)
    return np.where(mask[..., None], np.stack(outputs, axis=2)[:, 0], np.float32(0.0))


def _pooled(inputs: np.ndarray, recurrent: np.ndarray, mask: np.ndarray, hard: np.ndarray | None = None) -> np.ndarray:
    """The maximum over the words of each row and text (rows, texts, u); zeros for no words."""
    pooled = np.full((*inputs.shape[:2], recurrent.shape[1]), -np.inf, dtype=np.float32)
    skip = np.where(mask, np.float32(0.0), np.float32(-np.inf))[..., None]  # masked steps never win
    for t, h in enumerate(_steps(inputs, recurrent, mask, hard)):
        np.maximum(pooled, h + skip[:, :, t], out=pooled)
    pooled[np.isneginf(pooled)] = 0.0  # a fully masked reading pools to zeros, as in Keras
    return pooled


class JigsawLSTM:
    """One exported network. Weights keep Keras's layout: gates in the order input, forget,
    cell, output; index 0 of the stacked LSTM arrays is the forward direction, 1 the backward.
    The input, forget and output gates use the sigmoid or Keras 2's hard sigmoid, as recorded."""

    def __init__(self, data, prefix: str) -> None:
        words = data[f"{prefix}_vocab"].tolist()
        self.index = {w: i for i, w in enumerate(words, start=1)}  # 0 is Keras's padding id
        self.embedding = data[f"{prefix}_embedding"]
        self.kernel = data[f"{prefix}_kernel"]  # (2, 50, 200)
        self.recurrent = data[f"{prefix}_recurrent"]  # (2, 50, 200)
        self.bias = data[f"{prefix}_bias"]  # (2, 200)
        self.dense1 = (data[f"{prefix}_dense1_w"], data[f"{prefix}_dense1_b"])
        self.dense2 = (data[f"{prefix}_dense2_w"], data[f"{prefix}_dense2_b"])
        self.units = self.recurrent.shape[1]
        # The gate function the network was trained with, as the exporter read it from the package's
        # model file (tox-block's says Keras 2's hard sigmoid). A file exported before the exporter
        # recorded it was checked, and the stack trained, with the sigmoid everywhere: read it so.
        key = f"{prefix}_recurrent_activation"
        self.activation = str(data[key]) if key in data.files else "sigmoid"
        if self.activation not in ("sigmoid", "hard_sigmoid"):
            raise ValueError(f"{prefix}: unsupported recurrent activation {self.activation!r}")
        self.hard = np.full(2, self.activation == "hard_sigmoid")  # one flag per direction

    def ids(self, text: str) -> list[int]:
        """Keras's `texts_to_sequences`: lower case, punctuation to spaces, unknown words dropped."""
        index = self.index
        return [index[w] for w in text.lower().translate(_SPACE_OUT).split() if w in index]

    def inputs(self, ids: list[int], steps: int) -> np.ndarray:
        """Input projections of the forward and the backward row, padded at the start to `steps`."""
        x = self.embedding[np.asarray(ids, dtype=np.int64)]
        rows = np.zeros((2, steps, 4 * self.units), dtype=np.float32)
        if ids:
            rows[0, steps - len(ids):] = x @ self.kernel[0] + self.bias[0]
            rows[1, steps - len(ids):] = x[::-1] @ self.kernel[1] + self.bias[1]
        return rows

    def head(self, pooled: np.ndarray) -> np.ndarray:
        """The six outputs before their sigmoid, from the max-pooled LSTM outputs (2 * units)."""
        hidden = np.maximum(pooled @ self.dense1[0] + self.dense1[1], 0.0)
        return hidden @ self.dense2[0] + self.dense2[1]

    def padded_logits(self, text: str, maxlen: int = 100) -> np.ndarray:
        """As the Keras packages read a text: the last `maxlen` words after `maxlen - n` padding
        ids, every position pooled. For checking this module against Keras, not for scoring."""
        ids = self.ids(text)[-maxlen:]
        ids = [0] * (maxlen - len(ids)) + ids
        out = _recur(self.inputs(ids, maxlen), self.recurrent, np.ones((2, maxlen), dtype=bool), self.hard)
        return self.head(out.max(axis=1).reshape(-1))


class ToxicityModels:
    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.names = data["models"].tolist()
            self.models = [JigsawLSTM(data, name) for name in self.names]
            self.check_texts = data["check_texts"].tolist()
            self.check_logits = {name: data[f"{name}_check_padded"] for name in self.names}
            self.source = str(data["source"])
        # Every direction of every network is one row of a single recurrence: one loop, not four.
        self.recurrent = np.concatenate([m.recurrent for m in self.models])
        self.hard = np.concatenate([m.hard for m in self.models])

    # Texts scored together share each step's matrix products; sorted by length and taken in
    # batches, a long sentence does not make many short ones wait through its steps.
    BATCH = 32

    def features(self, text: str) -> np.ndarray:
        """Every model's six logits, one after the other. Only the words a model knows are read
        (no padding); an empty reading pools to zeros, as a fully masked Keras input does."""
        return self.features_many([text])[0]

    def features_many(self, texts: list[str]) -> np.ndarray:
        """`features` of several texts (texts, 12), computed together."""
        out = np.zeros((len(texts), 6 * len(self.models)), dtype=np.float64)
        ids = [[m.ids(t) for m in self.models] for t in texts]
        order = sorted(range(len(texts)), key=lambda k: max(len(i) for i in ids[k]))
        for start in range(0, len(order), self.BATCH):
            batch = order[start:start + self.BATCH]
            steps = max(1, max(len(i) for k in batch for i in ids[k]))
            inputs = np.zeros((len(self.recurrent), len(batch), steps, self.recurrent.shape[2]), dtype=np.float32)
            mask = np.zeros(inputs.shape[:3], dtype=bool)
            for j, m in enumerate(self.models):
                # Every word of the batch through the embedding and both input kernels at once.
                lengths = [len(ids[k][j]) for k in batch]
                if not any(lengths):
                    continue
                x = m.embedding[np.fromiter((w for k in batch for w in ids[k][j]), dtype=np.int64)]
                forward, backward = x @ m.kernel[0] + m.bias[0], x @ m.kernel[1] + m.bias[1]
                at = 0
                for n, length in enumerate(lengths):
                    if length:
                        inputs[2 * j, n, steps - length:] = forward[at:at + length]
                        inputs[2 * j + 1, n, steps - length:] = backward[at:at + length][::-1]
                        mask[2 * j:2 * j + 2, n, steps - length:] = True
                    at += length
            pooled = _pooled(inputs, self.recurrent, mask, self.hard)  # (rows, texts, u)
            for j, m in enumerate(self.models):
                out[batch, 6 * j:6 * j + 6] = m.head(np.concatenate([pooled[2 * j], pooled[2 * j + 1]], axis=1))
        return out


@lru_cache(maxsize=1)
def toxicity_models() -> ToxicityModels:
    return ToxicityModels()
