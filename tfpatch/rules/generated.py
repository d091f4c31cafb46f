"""Renames found in the API snapshots of TensorFlow 2.0 ... 2.21 (generated, do not edit).

Regenerate with ``python tools/generate_rules.py`` from ``history/snapshots/``; rows
already in the hand-written catalogue are left out.  Each row's comment gives the
releases that have each spelling; ``blocked`` rows are kept for the record only.
"""
from ._kinds import Method, Rename

RULES = [
    Rename('autodiff.GradientTape', 'GradientTape', '2.1'),  # autodiff.GradientTape: 2.1-2.21; GradientTape: 2.0-2.21
    Rename('config.LogicalDeviceConfiguration', 'config.experimental.VirtualDeviceConfiguration', '2.1'),  # config.LogicalDeviceConfiguration: 2.1-2.21; config.experimental.VirtualDeviceConfiguration: 2.0-2.21
    Rename('config.get_logical_device_configuration', 'config.experimental.get_virtual_device_configuration', '2.1'),  # config.get_logical_device_configuration: 2.1-2.21; config.experimental.get_virtual_device_configuration: 2.0-2.21
    Rename('config.get_visible_devices', 'config.experimental.get_visible_devices', '2.1'),  # config.get_visible_devices: 2.1-2.21; config.experimental.get_visible_devices: 2.0-2.21
    Rename('config.list_logical_devices', 'config.experimental.list_logical_devices', '2.1'),  # config.list_logical_devices: 2.1-2.21; config.experimental.list_logical_devices: 2.0-2.21
    Rename('config.list_physical_devices', 'config.experimental.list_physical_devices', '2.1'),  # config.list_physical_devices: 2.1-2.21; config.experimental.list_physical_devices: 2.0-2.21
    Rename('config.set_logical_device_configuration', 'config.experimental.set_virtual_device_configuration', '2.1'),  # config.set_logical_device_configuration: 2.1-2.21; config.experimental.set_virtual_device_configuration: 2.0-2.21
    Rename('config.set_visible_devices', 'config.experimental.set_visible_devices', '2.1'),  # config.set_visible_devices: 2.1-2.21; config.experimental.set_visible_devices: 2.0-2.21
    Rename('data.INFINITE_CARDINALITY', 'data.experimental.INFINITE_CARDINALITY', '2.3'),  # data.INFINITE_CARDINALITY: 2.3-2.21; data.experimental.INFINITE_CARDINALITY: 2.0-2.21; values of the same type
    Rename('data.ThreadingOptions', 'data.experimental.ThreadingOptions', '2.6'),  # data.ThreadingOptions: 2.6-2.21; data.experimental.ThreadingOptions: 2.0-2.21
    Rename('data.UNKNOWN_CARDINALITY', 'data.experimental.UNKNOWN_CARDINALITY', '2.3'),  # data.UNKNOWN_CARDINALITY: 2.3-2.21; data.experimental.UNKNOWN_CARDINALITY: 2.0-2.21; values of the same type
    Rename('distribute.ParameterServerStrategy', 'distribute.experimental.ParameterServerStrategy', '2.8'),  # distribute.ParameterServerStrategy: 2.8-2.21; distribute.experimental.ParameterServerStrategy: 2.0-2.21
    Rename('distribute.coordinator.ClusterCoordinator', 'distribute.experimental.coordinator.ClusterCoordinator', '2.8'),  # distribute.coordinator.ClusterCoordinator: 2.8-2.21; distribute.experimental.coordinator.ClusterCoordinator: 2.4-2.21
    Rename('distribute.coordinator.PerWorkerValue', 'distribute.experimental.coordinator.PerWorkerValues', '2.8'),  # distribute.coordinator.PerWorkerValue: 2.8-2.21; distribute.experimental.coordinator.PerWorkerValues: 2.4-2.21
    Rename('distribute.coordinator.RemoteValue', 'distribute.experimental.coordinator.RemoteValue', '2.8'),  # distribute.coordinator.RemoteValue: 2.8-2.21; distribute.experimental.coordinator.RemoteValue: 2.4-2.21
    Rename('distribute.experimental.CommunicationImplementation', 'distribute.experimental.CollectiveCommunication', '2.4'),  # distribute.experimental.CommunicationImplementation: 2.4-2.21; distribute.experimental.CollectiveCommunication: 2.0-2.21
    Rename('experimental.Optional', 'data.experimental.Optional', '2.3'),  # experimental.Optional: 2.3-2.21; data.experimental.Optional: 2.0-2.21
    Rename('experimental.dtensor.initialize_accelerator_system', 'experimental.dtensor.initialize_tpu_system', '2.11'),  # experimental.dtensor.initialize_accelerator_system: 2.11-2.21; experimental.dtensor.initialize_tpu_system: 2.9-2.21
    Rename('experimental.dtensor.shutdown_accelerator_system', 'experimental.dtensor.shutdown_tpu_system', '2.11'),  # experimental.dtensor.shutdown_accelerator_system: 2.11-2.21; experimental.dtensor.shutdown_tpu_system: 2.9-2.21
    Rename('initializers.HeNormal', 'initializers.he_normal', '2.3'),  # initializers.HeNormal: 2.3-2.21; initializers.he_normal: 2.0-2.21
    Rename('initializers.HeUniform', 'initializers.he_uniform', '2.3'),  # initializers.HeUniform: 2.3-2.21; initializers.he_uniform: 2.0-2.21
    Rename('initializers.IdentityInitializer', 'initializers.Identity', '2.16'),  # initializers.IdentityInitializer: 2.16-2.21; initializers.Identity: 2.0-2.21
    Rename('initializers.LecunNormal', 'initializers.lecun_normal', '2.3'),  # initializers.LecunNormal: 2.3-2.21; initializers.lecun_normal: 2.0-2.21
    Rename('initializers.LecunUniform', 'initializers.lecun_uniform', '2.3'),  # initializers.LecunUniform: 2.3-2.21; initializers.lecun_uniform: 2.0-2.21
    Rename('initializers.OrthogonalInitializer', 'initializers.Orthogonal', '2.16'),  # initializers.OrthogonalInitializer: 2.16-2.21; initializers.Orthogonal: 2.0-2.21
    Rename('initializers.random_normal', 'initializers.RandomNormal', '2.3'),  # initializers.random_normal: 2.3-2.21; initializers.RandomNormal: 2.0-2.21
    Rename('initializers.random_uniform', 'initializers.RandomUniform', '2.3'),  # initializers.random_uniform: 2.3-2.21; initializers.RandomUniform: 2.0-2.21
    Rename('initializers.truncated_normal', 'initializers.TruncatedNormal', '2.3'),  # initializers.truncated_normal: 2.3-2.21; initializers.TruncatedNormal: 2.0-2.21
    Rename('initializers.variance_scaling', 'initializers.VarianceScaling', '2.3'),  # initializers.variance_scaling: 2.3-2.21; initializers.VarianceScaling: 2.0-2.21
    Rename('io.encode_png', 'image.encode_png', '2.3'),  # io.encode_png: 2.3-2.21; image.encode_png: 2.0-2.21
    Rename('keras.DTypePolicy', 'keras.mixed_precision.Policy', '2.16'),  # keras.DTypePolicy: 2.16-2.21; keras.mixed_precision.Policy: 2.4-2.21
    Rename('keras.Initializer', 'keras.initializers.Initializer', '2.16'),  # keras.Initializer: 2.16-2.21; keras.initializers.Initializer: 2.0-2.21
    Rename('keras.InputSpec', 'keras.layers.InputSpec', '2.16'),  # keras.InputSpec: 2.16-2.21; keras.layers.InputSpec: 2.0-2.21
    Rename('keras.Layer', 'keras.layers.Layer', '2.16'),  # keras.Layer: 2.16-2.21; keras.layers.Layer: 2.0-2.21
    Rename('keras.Loss', 'keras.losses.Loss', '2.16'),  # keras.Loss: 2.16-2.21; keras.losses.Loss: 2.0-2.21
    Rename('keras.Metric', 'keras.metrics.Metric', '2.16'),  # keras.Metric: 2.16-2.21; keras.metrics.Metric: 2.0-2.21
    Rename('keras.Optimizer', 'keras.optimizers.Optimizer', '2.16'),  # keras.Optimizer: 2.16-2.21; keras.optimizers.Optimizer: 2.0-2.21
    Rename('keras.Regularizer', 'keras.regularizers.Regularizer', '2.16'),  # keras.Regularizer: 2.16-2.21; keras.regularizers.Regularizer: 2.0-2.21
    Rename('keras.activations.silu', 'keras.activations.swish', '2.16'),  # keras.activations.silu: 2.16-2.21; keras.activations.swish: 2.2-2.21
    Rename('keras.config.backend', 'keras.backend.backend', '2.16'),  # keras.config.backend: 2.16-2.21; keras.backend.backend: 2.0-2.21
    Rename('keras.config.disable_interactive_logging', 'keras.utils.disable_interactive_logging', '2.16'),  # keras.config.disable_interactive_logging: 2.16-2.21; keras.utils.disable_interactive_logging: 2.9-2.21
    Rename('keras.config.enable_interactive_logging', 'keras.utils.enable_interactive_logging', '2.16'),  # keras.config.enable_interactive_logging: 2.16-2.21; keras.utils.enable_interactive_logging: 2.9-2.21
    Rename('keras.config.epsilon', 'keras.backend.epsilon', '2.16'),  # keras.config.epsilon: 2.16-2.21; keras.backend.epsilon: 2.0-2.21
    Rename('keras.config.floatx', 'keras.backend.floatx', '2.16'),  # keras.config.floatx: 2.16-2.21; keras.backend.floatx: 2.0-2.21
    Rename('keras.config.image_data_format', 'keras.backend.image_data_format', '2.16'),  # keras.config.image_data_format: 2.16-2.21; keras.backend.image_data_format: 2.0-2.21
    Rename('keras.config.is_interactive_logging_enabled', 'keras.utils.is_interactive_logging_enabled', '2.16'),  # keras.config.is_interactive_logging_enabled: 2.16-2.21; keras.utils.is_interactive_logging_enabled: 2.9-2.21
    Rename('keras.config.set_epsilon', 'keras.backend.set_epsilon', '2.16'),  # keras.config.set_epsilon: 2.16-2.21; keras.backend.set_epsilon: 2.0-2.21
    Rename('keras.config.set_floatx', 'keras.backend.set_floatx', '2.16'),  # keras.config.set_floatx: 2.16-2.21; keras.backend.set_floatx: 2.0-2.21
    Rename('keras.config.set_image_data_format', 'keras.backend.set_image_data_format', '2.16'),  # keras.config.set_image_data_format: 2.16-2.21; keras.backend.set_image_data_format: 2.0-2.21
    Rename('keras.dtype_policies.DTypePolicy', 'keras.mixed_precision.Policy', '2.16'),  # keras.dtype_policies.DTypePolicy: 2.16-2.21; keras.mixed_precision.Policy: 2.4-2.21
    Rename('keras.initializers.HeNormal', 'keras.initializers.he_normal', '2.3'),  # keras.initializers.HeNormal: 2.3-2.21; keras.initializers.he_normal: 2.0-2.21
    Rename('keras.initializers.HeUniform', 'keras.initializers.he_uniform', '2.3'),  # keras.initializers.HeUniform: 2.3-2.21; keras.initializers.he_uniform: 2.0-2.21
    Rename('keras.initializers.IdentityInitializer', 'keras.initializers.Identity', '2.16'),  # keras.initializers.IdentityInitializer: 2.16-2.21; keras.initializers.Identity: 2.0-2.21
    Rename('keras.initializers.LecunNormal', 'keras.initializers.lecun_normal', '2.3'),  # keras.initializers.LecunNormal: 2.3-2.21; keras.initializers.lecun_normal: 2.0-2.21
    Rename('keras.initializers.LecunUniform', 'keras.initializers.lecun_uniform', '2.3'),  # keras.initializers.LecunUniform: 2.3-2.21; keras.initializers.lecun_uniform: 2.0-2.21
    Rename('keras.initializers.OrthogonalInitializer', 'keras.initializers.Orthogonal', '2.16'),  # keras.initializers.OrthogonalInitializer: 2.16-2.21; keras.initializers.Orthogonal: 2.0-2.21
    Rename('keras.initializers.random_normal', 'keras.initializers.RandomNormal', '2.3'),  # keras.initializers.random_normal: 2.3-2.21; keras.initializers.RandomNormal: 2.0-2.21
    Rename('keras.initializers.random_uniform', 'keras.initializers.RandomUniform', '2.3'),  # keras.initializers.random_uniform: 2.3-2.21; keras.initializers.RandomUniform: 2.0-2.21
    Rename('keras.initializers.truncated_normal', 'keras.initializers.TruncatedNormal', '2.3'),  # keras.initializers.truncated_normal: 2.3-2.21; keras.initializers.TruncatedNormal: 2.0-2.21
    Rename('keras.initializers.variance_scaling', 'keras.initializers.VarianceScaling', '2.3'),  # keras.initializers.variance_scaling: 2.3-2.21; keras.initializers.VarianceScaling: 2.0-2.21
    Rename('keras.layers.HashedCrossing', 'keras.layers.experimental.preprocessing.HashedCrossing', '2.12', until='2.16'),  # keras.layers.HashedCrossing: 2.12-2.21; keras.layers.experimental.preprocessing.HashedCrossing: 2.8-2.15
    Rename('keras.legacy.saving.deserialize_keras_object', 'keras.utils.legacy.deserialize_keras_object', '2.16'),  # keras.legacy.saving.deserialize_keras_object: 2.16-2.21; keras.utils.legacy.deserialize_keras_object: 2.12-2.21
    Rename('keras.legacy.saving.serialize_keras_object', 'keras.utils.legacy.serialize_keras_object', '2.16'),  # keras.legacy.saving.serialize_keras_object: 2.16-2.21; keras.utils.legacy.serialize_keras_object: 2.12-2.21
    Rename('keras.losses.kullback_leibler_divergence', 'keras.losses.kl_divergence', '2.0', until='2.16'),  # keras.losses.kullback_leibler_divergence: 2.0-2.21; keras.losses.kl_divergence: 2.3-2.15
    Rename('keras.losses.logcosh', 'keras.losses.log_cosh', '2.0', until='2.16'),  # keras.losses.logcosh: 2.0-2.21; keras.losses.log_cosh: 2.3-2.15
    Rename('keras.losses.mae', 'keras.losses.mean_absolute_error', '2.0', until='2.16'),  # keras.losses.mae: 2.0-2.21; keras.losses.mean_absolute_error: 2.0-2.15
    Rename('keras.losses.mape', 'keras.losses.mean_absolute_percentage_error', '2.0', until='2.16'),  # keras.losses.mape: 2.0-2.21; keras.losses.mean_absolute_percentage_error: 2.0-2.15
    Rename('keras.losses.mse', 'keras.losses.mean_squared_error', '2.0', until='2.16'),  # keras.losses.mse: 2.0-2.21; keras.losses.mean_squared_error: 2.0-2.15
    Rename('keras.losses.msle', 'keras.losses.mean_squared_logarithmic_error', '2.0', until='2.16'),  # keras.losses.msle: 2.0-2.21; keras.losses.mean_squared_logarithmic_error: 2.0-2.15
    Rename('keras.metrics.categorical_hinge', 'keras.losses.categorical_hinge', '2.16'),  # keras.metrics.categorical_hinge: 2.16-2.21; keras.losses.categorical_hinge: 2.0-2.21
    Rename('keras.metrics.huber', 'keras.losses.huber', '2.16'),  # keras.metrics.huber: 2.16-2.21; keras.losses.huber: 2.3-2.21
    Rename('keras.metrics.kullback_leibler_divergence', 'keras.metrics.kl_divergence', '2.0', until='2.16'),  # keras.metrics.kullback_leibler_divergence: 2.0-2.21; keras.metrics.kl_divergence: 2.3-2.15
    Rename('keras.metrics.log_cosh', 'keras.losses.log_cosh', '2.4', until='2.16'),  # keras.metrics.log_cosh: 2.4-2.15; keras.losses.log_cosh: 2.3-2.15
    Rename('keras.metrics.logcosh', 'keras.losses.logcosh', '2.4'),  # keras.metrics.logcosh: 2.4-2.21; keras.losses.logcosh: 2.0-2.21
    Rename('keras.metrics.mae', 'keras.metrics.mean_absolute_error', '2.0', until='2.16'),  # keras.metrics.mae: 2.0-2.21; keras.metrics.mean_absolute_error: 2.0-2.15
    Rename('keras.metrics.mape', 'keras.metrics.mean_absolute_percentage_error', '2.0', until='2.16'),  # keras.metrics.mape: 2.0-2.21; keras.metrics.mean_absolute_percentage_error: 2.0-2.15
    Rename('keras.metrics.mse', 'keras.metrics.mean_squared_error', '2.0', until='2.16'),  # keras.metrics.mse: 2.0-2.21; keras.metrics.mean_squared_error: 2.0-2.15
    Rename('keras.metrics.msle', 'keras.metrics.mean_squared_logarithmic_error', '2.0', until='2.16'),  # keras.metrics.msle: 2.0-2.21; keras.metrics.mean_squared_logarithmic_error: 2.0-2.15
    Rename('keras.mixed_precision.DTypePolicy', 'keras.mixed_precision.Policy', '2.16'),  # keras.mixed_precision.DTypePolicy: 2.16-2.21; keras.mixed_precision.Policy: 2.4-2.21
    Rename('keras.mixed_precision.dtype_policy', 'keras.mixed_precision.global_policy', '2.16'),  # keras.mixed_precision.dtype_policy: 2.16-2.21; keras.mixed_precision.global_policy: 2.4-2.21
    Rename('keras.mixed_precision.set_dtype_policy', 'keras.mixed_precision.set_global_policy', '2.16'),  # keras.mixed_precision.set_dtype_policy: 2.16-2.21; keras.mixed_precision.set_global_policy: 2.4-2.21
    Rename('keras.models.load_model', 'keras.saving.load_model', '2.0', until='2.16'),  # keras.models.load_model: 2.0-2.21; keras.saving.load_model: 2.12-2.15
    Rename('keras.models.save_model', 'keras.saving.save_model', '2.0', until='2.16'),  # keras.models.save_model: 2.0-2.21; keras.saving.save_model: 2.12-2.15
    Rename('keras.optimizers.Adadelta', 'keras.optimizers.experimental.Adadelta', '2.0', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.Adadelta: 2.0-2.21; keras.optimizers.experimental.Adadelta: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.optimizers.Adafactor', 'keras.optimizers.experimental.Adafactor', '2.12', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.Adafactor: 2.12-2.21; keras.optimizers.experimental.Adafactor: 2.11-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.optimizers.Adagrad', 'keras.optimizers.experimental.Adagrad', '2.0', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.Adagrad: 2.0-2.21; keras.optimizers.experimental.Adagrad: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.optimizers.Adam', 'keras.optimizers.experimental.Adam', '2.0', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.Adam: 2.0-2.21; keras.optimizers.experimental.Adam: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.optimizers.AdamW', 'keras.optimizers.experimental.AdamW', '2.12', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.AdamW: 2.12-2.21; keras.optimizers.experimental.AdamW: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.optimizers.Adamax', 'keras.optimizers.experimental.Adamax', '2.0', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.Adamax: 2.0-2.21; keras.optimizers.experimental.Adamax: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.optimizers.Ftrl', 'keras.optimizers.experimental.Ftrl', '2.0', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.Ftrl: 2.0-2.21; keras.optimizers.experimental.Ftrl: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.optimizers.LossScaleOptimizer', 'keras.mixed_precision.LossScaleOptimizer', '2.16'),  # keras.optimizers.LossScaleOptimizer: 2.16-2.21; keras.mixed_precision.LossScaleOptimizer: 2.4-2.21
    Rename('keras.optimizers.Nadam', 'keras.optimizers.experimental.Nadam', '2.0', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.Nadam: 2.0-2.21; keras.optimizers.experimental.Nadam: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.optimizers.Optimizer', 'keras.optimizers.experimental.Optimizer', '2.0', until='2.16', blocked='signatures differ: (self, name, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, jit_compile=True, **kwargs) vs (self, name, gradient_aggregator=None, gradient_transformers=None, **kwargs)'),  # keras.optimizers.Optimizer: 2.0-2.21; keras.optimizers.experimental.Optimizer: 2.9-2.15
    Rename('keras.optimizers.RMSprop', 'keras.optimizers.experimental.RMSprop', '2.0', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.RMSprop: 2.0-2.21; keras.optimizers.experimental.RMSprop: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.optimizers.SGD', 'keras.optimizers.experimental.SGD', '2.0', until='2.16', adapter='experimental_optimizer'),  # keras.optimizers.SGD: 2.0-2.21; keras.optimizers.experimental.SGD: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('keras.regularizers.L1', 'keras.regularizers.l1', '2.3'),  # keras.regularizers.L1: 2.3-2.21; keras.regularizers.l1: 2.0-2.21
    Rename('keras.regularizers.L2', 'keras.regularizers.l2', '2.3'),  # keras.regularizers.L2: 2.3-2.21; keras.regularizers.l2: 2.0-2.21
    Rename('keras.utils.PyDataset', 'keras.utils.Sequence', '2.16'),  # keras.utils.PyDataset: 2.16-2.21; keras.utils.Sequence: 2.0-2.21
    Rename('keras.utils.array_to_img', 'keras.preprocessing.image.array_to_img', '2.6'),  # keras.utils.array_to_img: 2.6-2.21; keras.preprocessing.image.array_to_img: 2.0-2.21
    Rename('keras.utils.clear_session', 'keras.backend.clear_session', '2.16'),  # keras.utils.clear_session: 2.16-2.21; keras.backend.clear_session: 2.0-2.21
    Rename('keras.utils.custom_object_scope', 'keras.saving.custom_object_scope', '2.0', until='2.16'),  # keras.utils.custom_object_scope: 2.0-2.21; keras.saving.custom_object_scope: 2.12-2.15
    Rename('keras.utils.deserialize_keras_object', 'keras.saving.deserialize_keras_object', '2.0', until='2.16'),  # keras.utils.deserialize_keras_object: 2.0-2.21; keras.saving.deserialize_keras_object: 2.13-2.15
    Rename('keras.utils.get_custom_objects', 'keras.saving.get_custom_objects', '2.0', until='2.16'),  # keras.utils.get_custom_objects: 2.0-2.21; keras.saving.get_custom_objects: 2.12-2.15
    Rename('keras.utils.get_registered_name', 'keras.saving.get_registered_name', '2.2', until='2.16'),  # keras.utils.get_registered_name: 2.2-2.21; keras.saving.get_registered_name: 2.12-2.15
    Rename('keras.utils.get_registered_object', 'keras.saving.get_registered_object', '2.2', until='2.16'),  # keras.utils.get_registered_object: 2.2-2.21; keras.saving.get_registered_object: 2.12-2.15
    Rename('keras.utils.image_dataset_from_directory', 'keras.preprocessing.image_dataset_from_directory', '2.6'),  # keras.utils.image_dataset_from_directory: 2.6-2.21; keras.preprocessing.image_dataset_from_directory: 2.3-2.21
    Rename('keras.utils.img_to_array', 'keras.preprocessing.image.img_to_array', '2.6'),  # keras.utils.img_to_array: 2.6-2.21; keras.preprocessing.image.img_to_array: 2.0-2.21
    Rename('keras.utils.is_keras_tensor', 'keras.backend.is_keras_tensor', '2.16'),  # keras.utils.is_keras_tensor: 2.16-2.21; keras.backend.is_keras_tensor: 2.0-2.21
    Rename('keras.utils.load_img', 'keras.preprocessing.image.load_img', '2.6'),  # keras.utils.load_img: 2.6-2.21; keras.preprocessing.image.load_img: 2.0-2.21
    Rename('keras.utils.pad_sequences', 'keras.preprocessing.sequence.pad_sequences', '2.9'),  # keras.utils.pad_sequences: 2.9-2.21; keras.preprocessing.sequence.pad_sequences: 2.0-2.21
    Rename('keras.utils.register_keras_serializable', 'keras.saving.register_keras_serializable', '2.1', until='2.16'),  # keras.utils.register_keras_serializable: 2.1-2.21; keras.saving.register_keras_serializable: 2.12-2.15
    Rename('keras.utils.save_img', 'keras.preprocessing.image.save_img', '2.6'),  # keras.utils.save_img: 2.6-2.21; keras.preprocessing.image.save_img: 2.0-2.21
    Rename('keras.utils.serialize_keras_object', 'keras.saving.serialize_keras_object', '2.0', until='2.16'),  # keras.utils.serialize_keras_object: 2.0-2.21; keras.saving.serialize_keras_object: 2.13-2.15
    Rename('keras.utils.text_dataset_from_directory', 'keras.preprocessing.text_dataset_from_directory', '2.6'),  # keras.utils.text_dataset_from_directory: 2.6-2.21; keras.preprocessing.text_dataset_from_directory: 2.3-2.21
    Rename('keras.utils.timeseries_dataset_from_array', 'keras.preprocessing.timeseries_dataset_from_array', '2.6'),  # keras.utils.timeseries_dataset_from_array: 2.6-2.21; keras.preprocessing.timeseries_dataset_from_array: 2.3-2.21
    Rename('losses.kullback_leibler_divergence', 'losses.kl_divergence', '2.0', until='2.16'),  # losses.kullback_leibler_divergence: 2.0-2.21; losses.kl_divergence: 2.3-2.15
    Rename('losses.logcosh', 'losses.log_cosh', '2.0', until='2.16'),  # losses.logcosh: 2.0-2.21; losses.log_cosh: 2.3-2.15
    Rename('losses.mae', 'losses.mean_absolute_error', '2.0', until='2.16'),  # losses.mae: 2.0-2.21; losses.mean_absolute_error: 2.0-2.15
    Rename('losses.mape', 'losses.mean_absolute_percentage_error', '2.0', until='2.16'),  # losses.mape: 2.0-2.21; losses.mean_absolute_percentage_error: 2.0-2.15
    Rename('losses.mse', 'losses.mean_squared_error', '2.0', until='2.16'),  # losses.mse: 2.0-2.21; losses.mean_squared_error: 2.0-2.15
    Rename('losses.msle', 'losses.mean_squared_logarithmic_error', '2.0', until='2.16'),  # losses.msle: 2.0-2.21; losses.mean_squared_logarithmic_error: 2.0-2.15
    Rename('math.special.bessel_i0', 'math.bessel_i0', '2.3'),  # math.special.bessel_i0: 2.3-2.21; math.bessel_i0: 2.0-2.21
    Rename('math.special.bessel_i0e', 'math.bessel_i0e', '2.3'),  # math.special.bessel_i0e: 2.3-2.21; math.bessel_i0e: 2.0-2.21
    Rename('math.special.bessel_i1', 'math.bessel_i1', '2.3'),  # math.special.bessel_i1: 2.3-2.21; math.bessel_i1: 2.0-2.21
    Rename('math.special.bessel_i1e', 'math.bessel_i1e', '2.3'),  # math.special.bessel_i1e: 2.3-2.21; math.bessel_i1e: 2.0-2.21
    Rename('metrics.categorical_hinge', 'losses.categorical_hinge', '2.16'),  # metrics.categorical_hinge: 2.16-2.21; losses.categorical_hinge: 2.0-2.21
    Rename('metrics.huber', 'losses.huber', '2.16'),  # metrics.huber: 2.16-2.21; losses.huber: 2.3-2.21
    Rename('metrics.kullback_leibler_divergence', 'metrics.kl_divergence', '2.0', until='2.16'),  # metrics.kullback_leibler_divergence: 2.0-2.21; metrics.kl_divergence: 2.3-2.15
    Rename('metrics.log_cosh', 'losses.log_cosh', '2.4', until='2.16'),  # metrics.log_cosh: 2.4-2.15; losses.log_cosh: 2.3-2.15
    Rename('metrics.logcosh', 'losses.logcosh', '2.4'),  # metrics.logcosh: 2.4-2.21; losses.logcosh: 2.0-2.21
    Rename('metrics.mae', 'metrics.mean_absolute_error', '2.0', until='2.16'),  # metrics.mae: 2.0-2.21; metrics.mean_absolute_error: 2.0-2.15
    Rename('metrics.mape', 'metrics.mean_absolute_percentage_error', '2.0', until='2.16'),  # metrics.mape: 2.0-2.21; metrics.mean_absolute_percentage_error: 2.0-2.15
    Rename('metrics.mse', 'metrics.mean_squared_error', '2.0', until='2.16'),  # metrics.mse: 2.0-2.21; metrics.mean_squared_error: 2.0-2.15
    Rename('metrics.msle', 'metrics.mean_squared_logarithmic_error', '2.0', until='2.16'),  # metrics.msle: 2.0-2.21; metrics.mean_squared_logarithmic_error: 2.0-2.15
    Rename('mixed_precision.experimental.DynamicLossScale', 'train.experimental.DynamicLossScale', '2.1', until='2.9'),  # mixed_precision.experimental.DynamicLossScale: 2.1-2.8; train.experimental.DynamicLossScale: 2.0-2.8
    Rename('mixed_precision.experimental.FixedLossScale', 'train.experimental.FixedLossScale', '2.1', until='2.9'),  # mixed_precision.experimental.FixedLossScale: 2.1-2.8; train.experimental.FixedLossScale: 2.0-2.8
    Rename('mixed_precision.experimental.LossScale', 'train.experimental.LossScale', '2.1', until='2.9'),  # mixed_precision.experimental.LossScale: 2.1-2.8; train.experimental.LossScale: 2.0-2.8
    Rename('nn.silu', 'nn.swish', '2.4'),  # nn.silu: 2.4-2.21; nn.swish: 2.0-2.21
    Rename('optimizers.Adadelta', 'optimizers.experimental.Adadelta', '2.0', until='2.16', adapter='experimental_optimizer'),  # optimizers.Adadelta: 2.0-2.21; optimizers.experimental.Adadelta: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.Adafactor', 'optimizers.experimental.Adafactor', '2.12', until='2.16', adapter='experimental_optimizer'),  # optimizers.Adafactor: 2.12-2.21; optimizers.experimental.Adafactor: 2.11-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.Adagrad', 'optimizers.experimental.Adagrad', '2.0', until='2.16', adapter='experimental_optimizer'),  # optimizers.Adagrad: 2.0-2.21; optimizers.experimental.Adagrad: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.Adam', 'optimizers.experimental.Adam', '2.0', until='2.16', adapter='experimental_optimizer'),  # optimizers.Adam: 2.0-2.21; optimizers.experimental.Adam: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.AdamW', 'optimizers.experimental.AdamW', '2.12', until='2.16', adapter='experimental_optimizer'),  # optimizers.AdamW: 2.12-2.21; optimizers.experimental.AdamW: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.Adamax', 'optimizers.experimental.Adamax', '2.0', until='2.16', adapter='experimental_optimizer'),  # optimizers.Adamax: 2.0-2.21; optimizers.experimental.Adamax: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.Ftrl', 'optimizers.experimental.Ftrl', '2.0', until='2.16', adapter='experimental_optimizer'),  # optimizers.Ftrl: 2.0-2.21; optimizers.experimental.Ftrl: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.LossScaleOptimizer', 'keras.mixed_precision.LossScaleOptimizer', '2.16'),  # optimizers.LossScaleOptimizer: 2.16-2.21; keras.mixed_precision.LossScaleOptimizer: 2.4-2.21
    Rename('optimizers.Nadam', 'optimizers.experimental.Nadam', '2.0', until='2.16', adapter='experimental_optimizer'),  # optimizers.Nadam: 2.0-2.21; optimizers.experimental.Nadam: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.Optimizer', 'optimizers.experimental.Optimizer', '2.0', until='2.16', blocked='signatures differ: (self, name, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, jit_compile=True, **kwargs) vs (self, name, gradient_aggregator=None, gradient_transformers=None, **kwargs)'),  # optimizers.Optimizer: 2.0-2.21; optimizers.experimental.Optimizer: 2.9-2.15
    Rename('optimizers.RMSprop', 'optimizers.experimental.RMSprop', '2.0', until='2.16', adapter='experimental_optimizer'),  # optimizers.RMSprop: 2.0-2.21; optimizers.experimental.RMSprop: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.SGD', 'optimizers.experimental.SGD', '2.0', until='2.16', adapter='experimental_optimizer'),  # optimizers.SGD: 2.0-2.21; optimizers.experimental.SGD: 2.9-2.15; calls differ: adapter experimental_optimizer
    Rename('optimizers.schedules.CosineDecay', 'keras.experimental.CosineDecay', '2.5', until='2.16'),  # optimizers.schedules.CosineDecay: 2.5-2.21; keras.experimental.CosineDecay: 2.0-2.15
    Rename('optimizers.schedules.CosineDecayRestarts', 'keras.experimental.CosineDecayRestarts', '2.5', until='2.16'),  # optimizers.schedules.CosineDecayRestarts: 2.5-2.21; keras.experimental.CosineDecayRestarts: 2.0-2.15
    Rename('random.Generator', 'random.experimental.Generator', '2.2'),  # random.Generator: 2.2-2.21; random.experimental.Generator: 2.0-2.21
    Rename('random.create_rng_state', 'random.experimental.create_rng_state', '2.2'),  # random.create_rng_state: 2.2-2.21; random.experimental.create_rng_state: 2.0-2.21
    Rename('random.fold_in', 'random.experimental.stateless_fold_in', '2.12'),  # random.fold_in: 2.12-2.21; random.experimental.stateless_fold_in: 2.3-2.21
    Rename('random.get_global_generator', 'random.experimental.get_global_generator', '2.2'),  # random.get_global_generator: 2.2-2.21; random.experimental.get_global_generator: 2.0-2.21
    Rename('random.set_global_generator', 'random.experimental.set_global_generator', '2.2'),  # random.set_global_generator: 2.2-2.21; random.experimental.set_global_generator: 2.0-2.21
    Rename('random.split', 'random.experimental.stateless_split', '2.12'),  # random.split: 2.12-2.21; random.experimental.stateless_split: 2.3-2.21
    Rename('types.experimental.PolymorphicFunction', 'types.experimental.GenericFunction', '2.15'),  # types.experimental.PolymorphicFunction: 2.15-2.21; types.experimental.GenericFunction: 2.6-2.21
    Method('keras.mixed_precision.LossScaleOptimizer', 'scale_loss', 'get_scaled_loss', '2.16', until='2.16'),  # scale_loss: 2.16-2.21; get_scaled_loss: 2.4-2.15; (self, loss)
]
