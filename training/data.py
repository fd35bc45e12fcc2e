"""Fashion-MNIST from Debian's `dataset-fashion-mnist` package (the original idx .gz files)."""
import gzip
import os
import struct

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
_FILES = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
          "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def _read_idx(path: str) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte idx file")
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(shape)):
        raise ValueError(f"{path}: expected {shape} values, found {arr.size} (truncated file?)")
    return arr.reshape(shape)


def load(split: str = "train", root: str | None = None):
    """Returns (images uint8 (N, 28, 28), labels int64 (N,))."""
    root = root or os.environ.get("FASHION_MNIST_DIR", DEFAULT_DIR)
    img_name, lab_name = _FILES[split]
    img_path, lab_path = os.path.join(root, img_name), os.path.join(root, lab_name)
    if not os.path.exists(img_path):
        raise FileNotFoundError(
            f"Fashion-MNIST not found at {img_path}. Install Debian's package: "
            "apt-get install -y dataset-fashion-mnist (or set FASHION_MNIST_DIR)")
    images, labels = _read_idx(img_path), _read_idx(lab_path)
    if len(images) != len(labels):
        raise ValueError(f"{root}: {len(images)} images but {len(labels)} labels")
    return images, labels.astype(np.int64)


def to_model_range(images: np.ndarray) -> np.ndarray:
    """uint8 [0, 255] -> float32 [-1, 1], shape (N, 1, 28, 28)."""
    return (images.astype(np.float32) / 127.5 - 1.0)[:, None]
