"""Tiny image-to-video pipelines with random weights, built in code and saved with diffusers'
`save_pretrained`, as diffusers' own tests build them (tests/pipelines/ltx and .../wan), except
that nothing comes from a hub: the T5 tokenizer is built from an in-memory vocabulary and the
text encoders from a config. The engine then loads them back through its real loading code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

WORDS = [
    "a",
    "the",
    "of",
    "and",
    "in",
    "to",
    "is",
    "it",
    "with",
    "from",
    "photo",
    "video",
    "short",
    "vertical",
    "brought",
    "life",
    "scene",
    "person",
    "people",
    "trees",
    "plants",
    "water",
    "sky",
    "wind",
    "blows",
    "gusts",
    "leaves",
    "grass",
    "hair",
    "fabric",
    "sway",
    "clouds",
    "drift",
    "rain",
    "falls",
    "snow",
    "camera",
    "stays",
    "still",
    "pushes",
    "slowly",
    "gently",
    "strongly",
    "everything",
    "else",
    "same",
    "faces",
    "place",
    "light",
    "motion",
    "smooth",
    "natural",
    "static",
    "image",
    "frozen",
    "frame",
    "blurry",
    "text",
]


def tokenizer() -> Any:
    """A T5 tokenizer (SentencePiece-style unigram) over a few hundred pieces, built in memory."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import T5TokenizerFast

    pieces = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    pieces += [("▁" + w, -float(i + 1)) for i, w in enumerate(WORDS)]
    pieces += [(c, -50.0) for c in "abcdefghijklmnopqrstuvwxyz.,;:'-0123456789"]
    tok = Tokenizer(models.Unigram(pieces, unk_id=2, byte_fallback=False))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    tok.post_processor = processors.TemplateProcessing(
        single="$A </s>", special_tokens=[("</s>", 1)]
    )
    return T5TokenizerFast(
        tokenizer_object=tok, eos_token="</s>", unk_token="<unk>", pad_token="<pad>", extra_ids=0
    )


def _vocab() -> int:
    return 3 + len(WORDS) + len("abcdefghijklmnopqrstuvwxyz.,;:'-0123456789")


def save_ltx(folder: Path) -> Path:
    """A tiny LTX-Video image-to-video pipeline in `folder` (about 100 KB)."""
    import torch
    from diffusers import (
        AutoencoderKLLTXVideo,
        FlowMatchEulerDiscreteScheduler,
        LTXImageToVideoPipeline,
        LTXVideoTransformer3DModel,
    )
    from transformers import T5Config, T5EncoderModel

    torch.manual_seed(0)
    transformer = LTXVideoTransformer3DModel(
        in_channels=8,
        out_channels=8,
        patch_size=1,
        patch_size_t=1,
        num_attention_heads=4,
        attention_head_dim=8,
        cross_attention_dim=32,
        num_layers=1,
        caption_channels=32,
    )
    vae = AutoencoderKLLTXVideo(
        in_channels=3,
        out_channels=3,
        latent_channels=8,
        block_out_channels=(8, 8, 8, 8),
        decoder_block_out_channels=(8, 8, 8, 8),
        layers_per_block=(1, 1, 1, 1, 1),
        decoder_layers_per_block=(1, 1, 1, 1, 1),
        spatio_temporal_scaling=(True, True, False, False),
        decoder_spatio_temporal_scaling=(True, True, False, False),
        decoder_inject_noise=(False, False, False, False, False),
        upsample_residual=(False, False, False, False),
        upsample_factor=(1, 1, 1, 1),
        timestep_conditioning=False,
        patch_size=1,
        patch_size_t=1,
        encoder_causal=True,
        decoder_causal=False,
    )
    text_encoder = T5EncoderModel(
        T5Config(vocab_size=_vocab(), d_model=32, d_ff=37, d_kv=8, num_heads=4, num_layers=2)
    )
    pipe = LTXImageToVideoPipeline(
        transformer=transformer,
        vae=vae,
        scheduler=FlowMatchEulerDiscreteScheduler(),
        text_encoder=text_encoder,
        tokenizer=tokenizer(),
    )
    pipe.save_pretrained(str(folder))
    return folder


def save_wan(folder: Path) -> Path:
    """A tiny Wan 2.1 image-to-video pipeline (UMT5 text encoder, CLIP image encoder)."""
    import torch
    from diffusers import (
        AutoencoderKLWan,
        FlowMatchEulerDiscreteScheduler,
        WanImageToVideoPipeline,
        WanTransformer3DModel,
    )
    from transformers import (
        CLIPImageProcessor,
        CLIPVisionConfig,
        CLIPVisionModel,
        UMT5Config,
        UMT5EncoderModel,
    )

    torch.manual_seed(0)
    vae = AutoencoderKLWan(
        base_dim=3,
        z_dim=16,
        dim_mult=[1, 1, 1, 1],
        num_res_blocks=1,
        temperal_downsample=[False, True, True],
    )
    transformer = WanTransformer3DModel(
        patch_size=(1, 2, 2),
        num_attention_heads=2,
        attention_head_dim=12,
        in_channels=36,
        out_channels=16,
        text_dim=32,
        freq_dim=256,
        ffn_dim=32,
        num_layers=2,
        cross_attn_norm=True,
        qk_norm="rms_norm_across_heads",
        rope_max_seq_len=32,
        image_dim=4,
    )
    text_encoder = UMT5EncoderModel(
        UMT5Config(vocab_size=_vocab(), d_model=32, d_ff=37, d_kv=8, num_heads=4, num_layers=2)
    )
    image_encoder = CLIPVisionModel(
        CLIPVisionConfig(
            hidden_size=4,
            projection_dim=4,
            num_hidden_layers=2,
            num_attention_heads=2,
            image_size=32,
            intermediate_size=16,
            patch_size=1,
        )
    )
    pipe = WanImageToVideoPipeline(
        transformer=transformer,
        vae=vae,
        scheduler=FlowMatchEulerDiscreteScheduler(shift=7.0),
        text_encoder=text_encoder,
        tokenizer=tokenizer(),
        image_encoder=image_encoder,
        image_processor=CLIPImageProcessor(crop_size=32, size=32),
    )
    pipe.save_pretrained(str(folder))
    return folder
