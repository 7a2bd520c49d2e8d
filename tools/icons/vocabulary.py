"""The icons model's CLIP-format tokenizer: a byte-level BPE vocabulary learnt from the caption grammar.

The product reads tokenizer/vocab.json + merges.txt with its CLIP tokenizer (plugins/AssetForge.Onnx/
Text); training must give the text encoder the same ids, so this module implements CLIP's algorithm
(lower-case, split into words, byte-level symbols, the lowest-ranked merge first, `</w>` ending a
word) for the ASCII prompts the grammar makes. Any other word still encodes, letter by letter, as in
CLIP; the model has only learnt the grammar's words.
"""
import json
import os
import re

START, END = "<|startoftext|>", "<|endoftext|>"
LENGTH = 77

# Words the grammar writes, plus a few people add to such prompts (the model only knows them as words).
WORDS = (
    "a an of and on with the in plain background game icon flat pixel art wooden metal golden "
    "ground texture seamless top down tileable small big old magic "
    "potion sword shield key gem coin chest barrel crate mushroom tree rock grass stone sand water "
    "red orange yellow green cyan blue purple pink white black"
).split()

_WORD = re.compile(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[a-z]+|[0-9]|[^\sa-z0-9]+")


def _byte_symbols():
    """CLIP's printable stand-ins for the 256 byte values (bytes_to_unicode), in CLIP's id order."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    codes = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
    return [chr(c) for c in codes], dict(zip(printable, (chr(c) for c in codes)))


def _pairs(word):
    return {(word[i], word[i + 1]) for i in range(len(word) - 1)}


def learn_merges(words):
    """Greedy BPE on the word list until every word is one symbol (most frequent pair first, ties by name)."""
    pieces = {w: tuple(w[:-1]) + (w[-1] + "</w>",) for w in words}
    merges = []
    while True:
        counts = {}
        for symbols in pieces.values():
            for i in range(len(symbols) - 1):
                pair = (symbols[i], symbols[i + 1])
                counts[pair] = counts.get(pair, 0) + 1
        if not counts:
            return merges
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        for w, symbols in pieces.items():
            out, i = [], 0
            while i < len(symbols):
                if i < len(symbols) - 1 and (symbols[i], symbols[i + 1]) == best:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            pieces[w] = tuple(out)


class Tokenizer:
    def __init__(self, merges):
        symbols, self.byte_to_symbol = _byte_symbols()
        vocab = symbols + [s + "</w>" for s in symbols]
        for left, right in merges:
            vocab.append(left + right)
        vocab += [START, END]
        self.vocab = {s: i for i, s in enumerate(vocab)}
        self.merges = merges
        self.ranks = {pair: i for i, pair in enumerate(merges)}
        self.start, self.end = self.vocab[START], self.vocab[END]

    @classmethod
    def from_grammar(cls):
        return cls(learn_merges(sorted(set(WORDS))))

    def _bpe(self, token):
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        while len(word) > 1:
            pair = min(_pairs(word), key=lambda p: self.ranks.get(p, float("inf")))
            if pair not in self.ranks:
                break
            out, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and (word[i], word[i + 1]) == pair:
                    out.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            word = tuple(out)
        return word

    def encode(self, text, length=LENGTH):
        """start, tokens, end, then end-of-text padding: exactly `length` ids, as the product encodes."""
        text = " ".join(text.strip().split()).lower()
        ids = [self.start]
        for match in _WORD.findall(text):
            token = "".join(self.byte_to_symbol[b] for b in match.encode("utf-8"))
            ids += [self.vocab[s] for s in self._bpe(token)]
        ids = ids[: length - 1] + [self.end]
        return ids + [self.end] * (length - len(ids))

    def save(self, folder):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
            json.dump(self.vocab, f, ensure_ascii=False)
        with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
            f.write("#version: 0.2\n")
            for left, right in self.merges:
                f.write(f"{left} {right}\n")
        with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
            json.dump({"model_max_length": LENGTH, "bos_token": START, "eos_token": END, "pad_token": END,
                       "unk_token": END, "do_lower_case": True, "tokenizer_class": "CLIPTokenizer"}, f, indent=2)
