"""A small CNN exported by torch's default ONNX exporter (dev-only), for the ONNX user's
journey in tests/e2e/test_scenarios4.py:

    /work/torchvenv/bin/python tests/reference/torch_small_cnn.py \\
        tests/unit/engine/fixtures/onnx/torch_small_cnn_dynamo20.onnx

Conv2d + BatchNorm2d (eval, folded by the exporter) + ReLU + MaxPool2d + Linear + softmax,
exported with torch.export (dynamo=True) and a dynamic batch, as torch 2.14 exports by
default. The tests compare graphgate's answers with onnxruntime's on the file, so no
reference values are recorded.
"""

import sys

import torch

torch.manual_seed(4)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(4)
        self.pool = torch.nn.MaxPool2d(2)
        self.fc = torch.nn.Linear(4 * 4 * 4, 10)

    def forward(self, x):
        h = self.pool(torch.relu(self.bn(self.conv(x))))
        return torch.softmax(self.fc(torch.flatten(h, 1)), dim=-1)


net = Net()
with torch.no_grad():  # statistics a trained BatchNorm would have
    net.bn.running_mean.uniform_(-0.5, 0.5)
    net.bn.running_var.uniform_(0.5, 1.5)
net.eval()
torch.onnx.export(
    net,
    (torch.randn(2, 1, 8, 8),),
    sys.argv[1],
    input_names=["images"],
    output_names=["probs"],
    dynamic_shapes={"x": {0: torch.export.Dim("batch", min=1, max=4096)}},
    dynamo=True,
    external_data=False,
)
