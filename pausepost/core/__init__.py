"""The pure, offline pipeline: types, analysis, policy, reasons, questions, rewrite, screener."""
