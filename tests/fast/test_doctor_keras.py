"""``tfpatch doctor`` says which Keras tf.keras resolves to, and why."""
import tfpatch
from tfpatch import _doctor


def test_doctor_names_keras_3_and_the_variable(fake_tf, monkeypatch):
    fake_tf("new")
    monkeypatch.delenv("TF_USE_LEGACY_KERAS", raising=False)
    tfpatch.activate()
    import tensorflow as tf
    import keras  # noqa: F401  (imported by tf.keras on a real release; not by the fake's loader)
    fact, problem = _doctor._keras_behind_tf_keras(tf)
    assert fact.startswith("Keras 3.9.9, as keras._tf_keras.keras; TensorFlow 2.21: ")
    assert "TF_USE_LEGACY_KERAS=unset" in fact and "tf_keras not installed" in fact
    assert problem is None


def test_doctor_reports_legacy_keras_asked_for_but_not_given(fake_tf, monkeypatch):
    fake_tf("new")
    monkeypatch.setenv("TF_USE_LEGACY_KERAS", "1")
    import tensorflow as tf
    import keras  # noqa: F401
    fact, problem = _doctor._keras_behind_tf_keras(tf)
    assert "TF_USE_LEGACY_KERAS=1" in fact
    what, fix = problem
    assert "asks for Keras 2, but tf.keras is Keras 3.9.9" in what
    assert fix == "pip install tf_keras==2.21.*"
