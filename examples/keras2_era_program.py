"""A Keras 2-era (TF 2.6-2.10) training program, left exactly as it was written.

A functional model that applies TensorFlow ops to its symbolic tensors
(`tf.nn.relu`, `tf.concat`, `tf.reshape`, `tf.expand_dims` on Keras tensors),
`layers.experimental.preprocessing` layers, `Input(shape=int)`, a layer whose
`build` reads `input_shape.as_list()`, `Adam(lr=...)`, the learning rate logged
through `optimizer.lr`, `ModelCheckpoint(..., save_weights_only=True)` on a bare
name, and `fit_generator`.  On TensorFlow 2.16+ (Keras 3) it stops at the first
of these (and on 2.11-2.15 `lr=` is ignored without a word); under tfpatch it
trains, and tfpatch says once per line what Keras 3 wants instead.

    python examples/keras2_era_program.py       # with tfpatch active
"""
import os
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.keras import backend as K
from tensorflow.keras.layers.experimental import preprocessing

rng = np.random.RandomState(0)
features = (rng.normal(size=(512, 6)) * 3.0 + 1.0).astype("float32")
extra = rng.normal(size=(512, 2)).astype("float32")
labels = (np.maximum(features[:, :3], 0).sum(axis=1, keepdims=True) / 3.0 + extra[:, :1]).astype("float32")


class Gate(tf.keras.layers.Layer):
    """A Keras 2 layer: build() receives a TensorShape."""

    def build(self, input_shape):
        width = input_shape.as_list()[-1]
        self.gate = self.add_weight(name="gate", shape=(width,), initializer="ones")
        super(Gate, self).build(input_shape)

    def call(self, inputs):
        return inputs * tf.sigmoid(self.gate)


normalizer = preprocessing.Normalization()
normalizer.adapt(features)

inputs = tf.keras.Input(shape=6)
aux = tf.keras.Input(shape=(2,))
x = normalizer(inputs)
x = tf.keras.layers.Dense(16)(x)
x = tf.nn.relu(x)
x = Gate()(x)
x = tf.concat([x, aux], axis=-1)
x = tf.reshape(x, [-1, 18])
x = tf.expand_dims(x, -1)
x = tf.keras.layers.Conv1D(4, 3, activation="relu")(x)
x = tf.keras.layers.Flatten()(x)
outputs = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model([inputs, aux], outputs)
model.compile(optimizer=tf.keras.optimizers.Adam(lr=0.01), loss="mse")


class LearningRateLogger(tf.keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        print("epoch %d: loss %.4f, lr %.5f" % (epoch + 1, logs["loss"], K.get_value(self.model.optimizer.lr)))


def batches():
    while True:
        idx = rng.randint(0, len(features), 32)
        yield (features[idx], extra[idx]), labels[idx]


checkpoint_dir = tempfile.mkdtemp()
checkpoint_path = os.path.join(checkpoint_dir, "weights")
callbacks = [
    tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr if epoch < 2 else lr * 0.5),
    tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True),
    LearningRateLogger(),
]
history = model.fit_generator(batches(), steps_per_epoch=16, epochs=5, callbacks=callbacks, verbose=0)
losses = history.history["loss"]
assert losses[-1] < losses[0], losses

probe = [features[:8], extra[:8]]
trained = model.predict(probe, verbose=0)
model.load_weights(checkpoint_path)            # the last epoch's checkpoint: the same weights
assert np.allclose(model.predict(probe, verbose=0), trained, atol=1e-6)
print("trained: loss %.4f -> %.4f; checkpoint reloaded" % (losses[0], losses[-1]))
