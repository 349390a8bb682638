"""The learned judgment: the fine-tuned encoder (int8 ONNX) and the detector that wraps it."""
