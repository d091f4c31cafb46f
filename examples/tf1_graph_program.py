"""A TensorFlow 1.15-style graph program, left exactly as it was written.

Placeholders, a Session, variable scopes, graph collections and a TF1
optimizer: on TensorFlow 2 every one of these names is gone from `tf`.
Under tfpatch with TFPATCH_V1=1 it trains unmodified:

    TFPATCH_V1=1 tfpatch run examples/tf1_graph_program.py
"""
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
x = tf.placeholder(tf.float32, shape=[None, 3], name="x")
y = tf.placeholder(tf.float32, shape=[None, 1], name="y")

with tf.variable_scope("linear"):
    w = tf.get_variable("w", shape=[3, 1], initializer=tf.zeros_initializer())
    b = tf.Variable(tf.random_uniform([1], -0.1, 0.1), name="b")
prediction = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.square(prediction - y))
trainable = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="linear")
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=trainable)

rng = np.random.RandomState(0)
data_x = rng.normal(size=(64, 3)).astype("float32")
data_y = data_x.dot(np.array([[1.0], [-2.0], [0.5]], dtype="float32")) + 0.3

config = tf.ConfigProto(intra_op_parallelism_threads=1)
with tf.Session(config=config) as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss, feed_dict={x: data_x, y: data_y})
    for step in range(200):
        sess.run(train_op, feed_dict={x: data_x, y: data_y})
    last = sess.run(loss, feed_dict={x: data_x, y: data_y})

print("loss %.4f -> %.4f with %d trainable variables" % (first, last, len(trainable)))
assert last < first / 10, "the graph did not train"
print("trained with TensorFlow %s" % tf.__version__)
