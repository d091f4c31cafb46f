"""A TensorFlow 1.15 program with tf.layers, tf.losses, tf.metrics, TF 1 arguments, a Saver.

Left exactly as it was written for 1.15: ``tf.nn.moments`` in TF 1's positional order,
``keep_dims=`` and ``reduction_indices=``, ``tf.nn.conv2d(filter=)``, ``tf.nn.softmax(dim=)``,
``tf.argmax(dimension=)``, ``tf.losses.sparse_softmax_cross_entropy``, ``tf.metrics.accuracy``,
``tf.layers.dense``, ``tf.train.Saver`` and ``tf.Session``.  Under tfpatch with TFPATCH_V1=1 it
trains unmodified on TensorFlow 2 (``tf.layers`` needs Keras 2: on 2.16+ the ``tf_keras``
package with ``TF_USE_LEGACY_KERAS=1``):

    TFPATCH_V1=1 tfpatch run examples/tf1_layers_program.py

It prints its losses to 6 decimals, so runs on two releases can be compared.
"""
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
rng = np.random.RandomState(0)
data_x = rng.normal(size=(256, 4)).astype("float32")
data_y = np.argmax(data_x.dot(rng.normal(size=(4, 3))), axis=1).astype("int64")

x = tf.placeholder(tf.float32, [None, 4], name="x")
y = tf.placeholder(tf.int64, [None], name="y")

# TF 1's order: moments(x, axes, shift, name, keep_dims).
mean, variance = tf.nn.moments(x, [0], None, "moments", True)
normed = (x - mean) / tf.sqrt(variance + 1e-6)

# A 2x2 "image" per example, one 2x2 convolution with four filters.
image = tf.reshape(normed, [-1, 2, 2, 1])
kernel = tf.get_variable("kernel", [2, 2, 1, 4], initializer=tf.truncated_normal_initializer(stddev=0.5, seed=1))
features = tf.nn.relu(tf.nn.conv2d(image, filter=kernel, strides=[1, 1, 1, 1], padding="VALID"))
features = tf.reshape(features, [-1, 4])

hidden = tf.layers.dense(tf.concat([normed, features], 1), 16, activation=tf.nn.relu,
                         kernel_initializer=tf.glorot_uniform_initializer(seed=2), name="hidden")
logits = tf.layers.dense(hidden, 3, kernel_initializer=tf.glorot_uniform_initializer(seed=3), name="logits")

probabilities = tf.nn.softmax(logits, dim=1)
prediction = tf.argmax(probabilities, dimension=1)
cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
weights = [v for v in tf.trainable_variables() if "kernel" in v.name]
l2 = tf.add_n([tf.reduce_sum(tf.square(w), reduction_indices=None, keep_dims=False) for w in weights])
loss = cross_entropy + 1e-4 * l2
mean_confidence = tf.reduce_mean(tf.reduce_max(probabilities, reduction_indices=[1], keep_dims=True))
accuracy, accuracy_update = tf.metrics.accuracy(labels=y, predictions=prediction)
train_op = tf.train.AdamOptimizer(0.05).minimize(loss)
saver = tf.train.Saver()

feed = {x: data_x, y: data_y}
config = tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
directory = tempfile.mkdtemp()
try:
    with tf.Session(config=config) as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        first = sess.run(loss, feed_dict=feed)
        for step in range(60):
            sess.run(train_op, feed_dict=feed)
        last, confidence = sess.run([loss, mean_confidence], feed_dict=feed)
        sess.run(accuracy_update, feed_dict=feed)
        trained_accuracy = sess.run(accuracy)
        path = saver.save(sess, os.path.join(directory, "model.ckpt"))
    with tf.Session(config=config) as sess:
        saver.restore(sess, path)
        restored = sess.run(loss, feed_dict=feed)
finally:
    shutil.rmtree(directory, ignore_errors=True)

print("loss %.6f -> %.6f (restored %.6f); accuracy %.4f; mean confidence %.6f"
      % (first, last, restored, trained_accuracy, confidence))
assert last < first / 2, "the graph did not train"
assert abs(restored - last) < 1e-6, "the Saver did not restore the trained variables"
assert trained_accuracy > 0.9, trained_accuracy
print("trained with TensorFlow %s" % tf.__version__)
