"""A TF 2.3-era mixed-precision training loop, left exactly as it was written.

It uses `tf.keras.mixed_precision.experimental` (gone since TF 2.9),
`strategy.experimental_run_v2` (gone since TF 2.4) and
`tf.data.experimental.AUTOTUNE`.  On today's TensorFlow it fails with
AttributeError / ImportError; under tfpatch it trains, and tfpatch says once
per line what the modern spelling is.

    python examples/legacy_mixed_precision.py       # with tfpatch active
"""
import numpy as np
import tensorflow as tf
from tensorflow.keras.mixed_precision import experimental as mixed_precision

policy = mixed_precision.Policy("mixed_float16")
mixed_precision.set_policy(policy)
print("compute dtype:", mixed_precision.global_policy().compute_dtype)

rng = np.random.RandomState(0)
x = rng.normal(size=(256, 8)).astype("float32")
true_w = rng.normal(size=(8, 1)).astype("float32")
y = x.dot(true_w) + 0.01 * rng.normal(size=(256, 1)).astype("float32")

strategy = tf.distribute.MirroredStrategy(devices=["/cpu:0"])
dataset = (tf.data.Dataset.from_tensor_slices((x, y))
           .batch(32)
           .prefetch(tf.data.experimental.AUTOTUNE))
dist_dataset = strategy.experimental_distribute_dataset(dataset)

with strategy.scope():
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(16, activation="relu", input_shape=(8,)),
        tf.keras.layers.Dense(1),
        tf.keras.layers.Activation("linear", dtype="float32"),
    ])
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)


def step_fn(inputs):
    features, labels = inputs
    with tf.GradientTape() as tape:
        predictions = model(features, training=True)
        loss = tf.reduce_mean(tf.square(tf.cast(predictions, tf.float32) - labels))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


@tf.function
def train_step(dist_inputs):
    per_replica_loss = strategy.experimental_run_v2(step_fn, args=(dist_inputs,))
    return strategy.reduce(tf.distribute.ReduceOp.MEAN, per_replica_loss, axis=None)


losses = []
for epoch in range(5):
    epoch_losses = [float(train_step(batch)) for batch in dist_dataset]
    losses.append(sum(epoch_losses) / len(epoch_losses))
    print("epoch %d  loss %.4f" % (epoch + 1, losses[-1]))

assert losses[-1] < losses[0], "the loss did not go down"
print("trained with TensorFlow %s: loss %.4f -> %.4f" % (tf.__version__, losses[0], losses[-1]))
