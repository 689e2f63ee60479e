"""The learned turn classifier: a MiniLM encoder fine-tuned on callscore's labelled calls.

``inputs`` builds what the network reads (shared by training and inference),
``network`` is the torch module, ``store`` saves and loads a model folder that
describes itself, ``infer`` predicts label probabilities for a call, and
``combine`` merges the model's judgement with the rule findings.
"""
