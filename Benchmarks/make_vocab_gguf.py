"""Writes a ~15 MB vocab-only GGUF with gguf-py's GGUFWriter, as `convert_hf_to_gguf.py --vocab-only` would.

Llama-3.1-8B's llama.* hyperparameters, then a byte-level BPE tokenizer: 256,000 tokens (256 byte tokens, learned
tokens drawn from English, accented Latin, Cyrillic, CJK, Hangul, code and whitespace runs, 256
control tokens), their F32 scores and I32 types, and one merge per learned token. No tensors. The
same bytes every run (seeded). Usage:
    python make_vocab_gguf.py OUT_FILE
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "fixtures"))
import gguf  # noqa: E402
from fx_gguf import finish  # noqa: E402
from make_sparse_llama import CONFIG  # noqa: E402

TOKENS = 256_000
CONTROL = 256  # <|…|> tokens at the end of the vocabulary, as Llama 3 reserves them
SEED = 0x15_0CAB
NORMAL, CONTROL_TYPE = 1, 3  # llama.cpp's LLAMA_TOKEN_TYPE_NORMAL and _CONTROL
# (weight, letters) of each script a learned token is drawn from.
SCRIPTS = [
    (45, "etaoinshrdlcumwfgypbvkjxqz"),
    (6, " \t\n"),
    (12, "eaionrtsluàéèêëïîôöüçñßáíóúãõâ"),
    (14, "оеаинтсрвлкмдпуяызьбгчйхжшюцщэфъё"),
    (14, "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))),
    (5, "가나다라마바사아자차카타파하고노도로모보소오조초코토포호"),
    (10, "0123456789_.,;:()[]{}<>=+-*/\\\"'#!?&|%$@^~`"),
]


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's byte-level BPE alphabet: printable bytes stand for themselves, the rest move to U+0100…"""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    rest = [b for b in range(256) if b not in printable]
    return {**{b: chr(b) for b in printable}, **{b: chr(256 + i) for i, b in enumerate(rest)}}


def learned_token(rng: random.Random, alphabet: dict[int, str]) -> str:
    """One word-like token in byte-level form (a leading space becomes Ġ, each UTF-8 byte one character)."""
    letters = rng.choices([s for _, s in SCRIPTS], weights=[w for w, _ in SCRIPTS])[0]
    wide = ord(letters[0]) > 0x3000
    length = rng.randint(1, 5) if wide else max(1, min(18, int(rng.gauss(8, 3.5))))
    text = ("" if wide or rng.random() < 0.35 else " ") + "".join(rng.choice(letters) for _ in range(length))
    return "".join(alphabet[b] for b in text.encode())


def vocabulary() -> tuple[list[str], list[float], list[int], list[str]]:
    """(tokens, scores, token types, merges), the same every run."""
    rng = random.Random(SEED)
    alphabet = bytes_to_unicode()
    tokens = [alphabet[b] for b in range(256)]
    seen = set(tokens)
    merges = []
    while len(tokens) < TOKENS - CONTROL:
        token = learned_token(rng, alphabet)
        if len(token) >= 2 and token not in seen:
            seen.add(token)
            tokens.append(token)
            cut = rng.randint(1, len(token) - 1)
            merges.append(f"{token[:cut]} {token[cut:]}")
    controls = ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]
    tokens += controls + [f"<|reserved_special_token_{i}|>" for i in range(CONTROL - len(controls))]
    scores = [-float(i) for i in range(TOKENS)]
    types = [NORMAL] * (TOKENS - CONTROL) + [CONTROL_TYPE] * CONTROL
    return tokens, scores, types, merges


def main() -> int:
    out = Path(sys.argv[1]).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tokens, scores, types, merges = vocabulary()
    w = gguf.GGUFWriter(out, arch="llama")
    w.add_name("vocab-15mb")
    w.add_vocab_size(TOKENS)
    w.add_context_length(CONFIG["max_position_embeddings"])
    w.add_embedding_length(CONFIG["hidden_size"])
    w.add_block_count(CONFIG["num_hidden_layers"])
    w.add_feed_forward_length(CONFIG["intermediate_size"])
    w.add_rope_dimension_count(CONFIG["hidden_size"] // CONFIG["num_attention_heads"])
    w.add_head_count(CONFIG["num_attention_heads"])
    w.add_head_count_kv(CONFIG["num_key_value_heads"])
    w.add_layer_norm_rms_eps(CONFIG["rms_norm_eps"])
    w.add_rope_freq_base(CONFIG["rope_theta"])
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("llama-bpe")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(TOKENS - CONTROL)
    w.add_eos_token_id(TOKENS - CONTROL + 1)
    w.add_add_bos_token(True)
    w.add_chat_template("{% for m in messages %}<|start_header_id|>{{ m['role'] }}<|end_header_id|>\n\n"
                        "{{ m['content'] }}<|eot_id|>{% endfor %}")
    finish(w)
    print(f"{out}: {out.stat().st_size} bytes, {len(tokens)} tokens, {len(merges)} merges, no tensors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
