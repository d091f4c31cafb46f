"""A TF 2.3-era Keras training script, left exactly as it was written.

Its calls changed while their names stayed: `SGD(lr=..., decay=...)`,
`compile(experimental_steps_per_execution=...)`, `fit_generator`,
`predict_proba`, a positional `add_weight`, the experimental mixed-precision
`Policy(..., loss_scale=...)` and `LossScaleOptimizer(opt, 'dynamic')`.  On
TensorFlow 2.21 (Keras 3) it fails; under tfpatch, or after
`tfpatch fix --target 2.21`, it trains to the numbers it gave on 2.3.

    python examples/legacy_keras_training.py       # prints the numbers, as JSON
"""
import json

import numpy as np
import tensorflow as tf
from tensorflow.keras.mixed_precision import experimental as mixed_precision

mixed_precision.set_policy(mixed_precision.Policy("float32", loss_scale="dynamic"))


class Scale(tf.keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight("w", (input_shape[-1],), initializer="ones")

    def call(self, inputs):
        return inputs * self.w


x = np.linspace(-1.0, 1.0, 64 * 4).reshape(64, 4).astype("float32")
y = (x * np.array([0.5, -1.0, 2.0, 0.25], dtype="float32")).sum(axis=1, keepdims=True)


def batches():
    while True:
        yield x, y


model = tf.keras.Sequential([
    tf.keras.Input(shape=(4,)),
    Scale(),
    tf.keras.layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros", activation="sigmoid"),
])
model.compile(tf.keras.optimizers.SGD(lr=0.5, decay=0.05), loss="mse", experimental_steps_per_execution=2)
history = model.fit_generator(batches(), steps_per_epoch=4, epochs=3, verbose=0)
proba = model.predict_proba(x[:3])
scaled = mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(lr=0.1), "dynamic")

print(json.dumps({"loss": [float(v) for v in history.history["loss"]],
                  "proba": [float(v) for v in np.ravel(proba)],
                  "loss_scale_optimizer": type(scaled).__name__}))
print("trained with TensorFlow %s" % tf.__version__)
