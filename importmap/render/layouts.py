"""The Graphviz layout choices: plain enums, so `importmap graph --help` needs no graph code."""

from __future__ import annotations

import enum


class Layout(str, enum.Enum):
    dot = "dot"
    sfdp = "sfdp"


class RankDir(str, enum.Enum):
    LR = "LR"
    TB = "TB"
    RL = "RL"
    BT = "BT"
