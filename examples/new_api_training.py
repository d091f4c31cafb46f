"""A training script written for TensorFlow 2.4+, run unmodified on an older release.

It uses `tf.keras.mixed_precision.set_global_policy`, `tf.data.AUTOTUNE` and
`strategy.distribute_datasets_from_function`, which TensorFlow 2.1-2.3 spell
`mixed_precision.experimental.set_policy`, `data.experimental.AUTOTUNE` and
`experimental_distribute_datasets_from_function`.
"""
import numpy as np
import tensorflow as tf

tf.keras.mixed_precision.set_global_policy("float32")

rng = np.random.RandomState(1)
x = rng.normal(size=(128, 4)).astype("float32")
y = x.sum(axis=1, keepdims=True).astype("float32")

strategy = tf.distribute.MirroredStrategy(devices=["/cpu:0"])


def dataset_fn(context):
    return tf.data.Dataset.from_tensor_slices((x, y)).batch(16).prefetch(tf.data.AUTOTUNE)


dist_dataset = strategy.distribute_datasets_from_function(dataset_fn)
with strategy.scope():
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,))])
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)


@tf.function
def train_step(batch):
    def step_fn(inputs):
        features, labels = inputs
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(features) - labels))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
        return loss
    return strategy.reduce(tf.distribute.ReduceOp.MEAN, strategy.run(step_fn, args=(batch,)), axis=None)


losses = [float(np.mean([float(train_step(b)) for b in dist_dataset])) for _ in range(3)]
print("losses:", ["%.4f" % v for v in losses])
assert losses[-1] < losses[0]
print("trained with TensorFlow %s" % tf.__version__)
