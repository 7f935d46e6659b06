"""Reference PyTorch training of the VeriRegime teacher, for TeacherTrainingBenchmark.

Trains exactly the teacher that train-teacher trains with DJL (Conv1d(F->64,k5,p2)+BN+ReLU+MaxPool2
-> Conv1d(64->128,k3,p1)+BN+ReLU+MaxPool2 -> global average pool -> Linear(128->3); AdamW lr 1e-3,
weight decay 0.01, label smoothing 0.1) on the same data/train.*.npy tensors, with the same batch size
and thread count, and prints the training throughput measured the same way as the Java side:
samples trained / seconds spent in the training loop (batch gather, forward, backward, step), over
all epochs and for the fastest epoch (the machine may be shared; the best epoch is the least disturbed).

Usage: python pytorch_teacher.py --data target/.../data --epochs 5 --batch-size 256 --threads 2
Needs: pip install torch numpy
"""
import argparse
import pathlib
import time

import numpy as np
import torch
from torch import nn


class ChannelsFirst(nn.Module):
    def forward(self, x):
        return x.transpose(1, 2)


def teacher(features: int) -> nn.Module:
    return nn.Sequential(
        ChannelsFirst(),
        nn.Conv1d(features, 64, kernel_size=5, padding=2), nn.BatchNorm1d(64), nn.ReLU(), nn.MaxPool1d(2),
        nn.Conv1d(64, 128, kernel_size=3, padding=1), nn.BatchNorm1d(128), nn.ReLU(), nn.MaxPool1d(2),
        nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(128, 3))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, type=pathlib.Path)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    x = torch.from_numpy(np.load(args.data / "train.features.npy"))
    y = torch.from_numpy(np.load(args.data / "train.labels.npy").astype(np.int64))
    model = teacher(x.shape[2])
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)

    model.train()
    trained = 0
    seconds = 0.0
    best = 0.0
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(x))
        total = 0.0
        for i in range(0, len(x), args.batch_size):
            batch = order[i:i + args.batch_size]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        elapsed = time.perf_counter() - start
        seconds += elapsed
        trained += len(x)
        best = max(best, len(x) / elapsed)
        print(f"pytorch epoch {epoch}/{args.epochs} train loss {total / len(x):.4f} {elapsed:.2f}s "
              f"({len(x) / elapsed:.0f} samples/s)", flush=True)
    print(f"torch={torch.__version__} threads={torch.get_num_threads()} samples={len(x)}")
    print(f"samples_per_second={trained / seconds:.1f}")
    print(f"best_epoch_samples_per_second={best:.1f}")


if __name__ == "__main__":
    main()
