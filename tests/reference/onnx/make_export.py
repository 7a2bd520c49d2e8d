"""Writes torch_export.onnx: a small module exported by torch.onnx (the exporter real Stable
Diffusion exports come from), so the C# ONNX reader/writer can be checked against bytes it did
not write itself. Run: /usr/bin/python3 make_export.py (python3-torch 1.13, CPU)."""
import torch
import torch.nn.functional as F


class Block(torch.nn.Module):
    # The op mix of SD's UNet/VAE blocks: conv, group norm, SiLU, attention (matmul + softmax),
    # nearest upsampling, layer norm, GELU; dynamic batch axis as the exporters write.
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(4, 8, 3, padding=1)
        self.norm = torch.nn.GroupNorm(2, 8)
        self.q = torch.nn.Linear(8, 8)
        self.k = torch.nn.Linear(8, 8)
        self.v = torch.nn.Linear(8, 8)
        self.ln = torch.nn.LayerNorm(8)
        self.out = torch.nn.Conv2d(8, 4, 1)

    def forward(self, sample, timestep):
        h = F.silu(self.norm(self.conv(sample))) * timestep[:, None, None, None]
        b, c, hh, ww = h.shape
        t = self.ln(h.reshape(b, c, hh * ww).transpose(1, 2))
        attn = torch.softmax(self.q(t) @ self.k(t).transpose(1, 2) / (c ** 0.5), dim=-1)
        t = F.gelu(attn @ self.v(t))
        h = h + t.transpose(1, 2).reshape(b, c, hh, ww)
        return self.out(F.interpolate(h, scale_factor=2.0, mode="nearest"))


torch.manual_seed(0)
model = Block().eval()
torch.onnx.export(
    model,
    (torch.randn(1, 4, 8, 8), torch.tensor([500.0])),
    "torch_export.onnx",
    input_names=["sample", "timestep"],
    output_names=["out_sample"],
    dynamic_axes={"sample": {0: "batch"}, "timestep": {0: "batch"}, "out_sample": {0: "batch"}},
    opset_version=17,
    do_constant_folding=True,
)
print("torch", torch.__version__, "wrote torch_export.onnx")
