#!/usr/bin/python3
"""Writes the scheduler parity data the C# tests compare against.

Runs diffusers' own scheduler classes (imported at run time from a diffusers source tree or a
bare git mirror of it; nothing of diffusers is copied into this repository) through a full
denoising loop with a deterministic stand-in model, and records timesteps, init_noise_sigma, the
initial latents, every noise draw the scheduler makes, and the final sample.

    /usr/bin/python3 tests/reference/schedulers/make_reference.py \
        --diffusers /work/.mirror/huggingface+diffusers/repo

Cases not committed (other seeds, step counts, options), checked by the C# tests:

    /usr/bin/python3 tests/reference/schedulers/make_reference.py --diffusers ... --out /tmp/cases \
        --scheduler lms dpmpp_2m_karras --steps 7 33 --seed 5 123456 --options '{"timestep_spacing": "trailing"}'
    ASSETFORGE_SCHEDULER_REFERENCE=/tmp/cases dotnet test tests/AssetForge.Schedulers.Tests --filter FullyQualifiedName~Parity

Use Debian's /usr/bin/python3 (python3-torch, python3-numpy, and python3-scipy for LMS); diffusers itself need not be installed: its heavy
imports (huggingface_hub, ConfigMixin's hub code) are replaced by small stand-ins in sys.modules.
dpmpp_sde imports torchsde from --torchsde (a source tree or bare git mirror of google-research/torchsde),
with a control-flow-only stand-in for its `trampoline` dependency (see _Trampoline and dpmpp_sde.md).
"""

import argparse
import dataclasses
import enum
import importlib.util
import inspect
import json
import logging
import math
import os
import subprocess
import sys
import types

import numpy as np
import torch

SHAPE = (1, 4, 8, 8)

# The scheduler config shipped with Stable Diffusion 1.5 (runwayml/stable-diffusion-v1-5).
SD15 = {
    "_class_name": "PNDMScheduler",
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "clip_sample": False,
    "num_train_timesteps": 1000,
    "set_alpha_to_one": False,
    "skip_prk_steps": True,
    "steps_offset": 1,
    "trained_betas": None,
}


# --- loading diffusers' scheduler modules without installing diffusers ----------------------------

class _Source:
    def __init__(self, root):
        self.root = root
        self.git = not os.path.isdir(os.path.join(root, "src", "diffusers"))

    def read(self, rel):
        if self.git:
            return subprocess.check_output(["git", "--git-dir", self.root, "show", "HEAD:" + rel]).decode()
        with open(os.path.join(self.root, rel), encoding="utf-8") as f:
            return f.read()

    def commit(self):
        args = ["git", "--git-dir", self.root] if self.git else ["git", "-C", self.root]
        try:
            return subprocess.check_output(args + ["rev-parse", "HEAD"]).decode().strip()
        except Exception:  # noqa: BLE001 - a plain source tree without git
            return "unknown"


def _install_stubs():
    """Registers minimal stand-ins for the parts of diffusers the scheduler modules import."""

    def package(name):
        module = types.ModuleType(name)
        module.__path__ = []
        sys.modules[name] = module
        return module

    package("diffusers")
    schedulers = package("diffusers.schedulers")
    utils = package("diffusers.utils")

    class BaseOutput:
        def __getitem__(self, i):
            return dataclasses.astuple(self)[i]

    utils.BaseOutput = BaseOutput
    utils.logging = types.SimpleNamespace(get_logger=logging.getLogger)
    utils.is_scipy_available = lambda: importlib.util.find_spec("scipy") is not None
    utils.deprecate = lambda *a, **k: None

    torch_utils = types.ModuleType("diffusers.utils.torch_utils")
    torch_utils.randn_tensor = lambda shape, generator=None, device=None, dtype=None, layout=None: torch.randn(
        shape, generator=generator, dtype=dtype
    )
    sys.modules["diffusers.utils.torch_utils"] = torch_utils
    utils.torch_utils = torch_utils

    config_utils = types.ModuleType("diffusers.configuration_utils")

    class ConfigMixin:
        def register_to_config(self, **kwargs):
            for k, v in kwargs.items():
                setattr(self.config, k, v)

    def register_to_config(init):
        signature = inspect.signature(init)

        def wrapper(self, *args, **kwargs):
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            values = dict(bound.arguments)
            values.pop("self")
            self.config = types.SimpleNamespace(**values)
            init(self, *args, **kwargs)

        wrapper.__signature__ = signature
        return wrapper

    config_utils.ConfigMixin = ConfigMixin
    config_utils.register_to_config = register_to_config
    sys.modules["diffusers.configuration_utils"] = config_utils

    scheduling_utils = types.ModuleType("diffusers.schedulers.scheduling_utils")
    scheduling_utils.KarrasDiffusionSchedulers = enum.Enum("KarrasDiffusionSchedulers", "DDIMScheduler EulerDiscreteScheduler")
    scheduling_utils.SchedulerMixin = type("SchedulerMixin", (), {})
    scheduling_utils.SchedulerOutput = dataclasses.make_dataclass(
        "SchedulerOutput", [("prev_sample", torch.Tensor)], bases=(BaseOutput,)
    )
    sys.modules["diffusers.schedulers.scheduling_utils"] = scheduling_utils
    schedulers.scheduling_utils = scheduling_utils


class _Trampoline:
    """Stand-in for the `trampoline` package torchsde imports (not packaged for Debian; PyPI is not
    reachable here). It only turns torchsde's generator-based recursion into a loop: a generator
    yields the sub-generator whose return value it wants back, and raises TailCall(generator) to be
    replaced by it. It computes nothing, so it cannot change a number."""

    class TailCall(BaseException):
        def __init__(self, call):
            super().__init__()
            self.call = call

    @staticmethod
    def trampoline(generator):
        stack, value = [generator], None
        while stack:
            try:
                callee = stack[-1].send(value)
                stack.append(callee)
                value = None
            except StopIteration as stop:
                stack.pop()
                value = stop.value
            except _Trampoline.TailCall as tail:
                stack[-1] = tail.call
                value = None
        return value


def _install_torchsde(root):
    """Makes `import torchsde` work from a torchsde source tree or a bare git mirror of it."""
    if "trampoline" not in sys.modules and importlib.util.find_spec("trampoline") is None:
        module = types.ModuleType("trampoline")
        module.TailCall = _Trampoline.TailCall
        module.trampoline = _Trampoline.trampoline
        sys.modules["trampoline"] = module
    if os.path.isdir(os.path.join(root, "torchsde")):
        sys.path.insert(0, root)
        return
    import atexit
    import shutil
    import tarfile
    import tempfile
    target = tempfile.mkdtemp(prefix="torchsde-")
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    archive = subprocess.check_output(["git", "--git-dir", root, "archive", "HEAD", "torchsde"])
    import io
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target)
    sys.path.insert(0, target)


def sde_entropy(recorder):
    """dpmpp_sde's Brownian tree entropy, drawn from the image's generator as AssetForge does:
    one torch.randn(2); the two float32 bit patterns, low word first, masked to 63 bits (diffusers
    itself would draw it with torch.randint from torch's global generator when noise_sampler_seed
    is unset)."""
    draw = recorder.randn((2,), generator=recorder.generator, dtype=torch.float32)
    bits = draw.numpy().astype(np.float32).view(np.uint32).astype(np.uint64)
    return int((bits[0] | (bits[1] << np.uint64(32))) & np.uint64((1 << 63) - 1))


def _load(source, module):
    name = "diffusers.schedulers." + module
    if name in sys.modules:
        return sys.modules[name]
    code = source.read("src/diffusers/schedulers/" + module + ".py")
    spec = importlib.util.spec_from_loader(name, loader=None)
    mod = importlib.util.module_from_spec(spec)
    mod.__package__ = "diffusers.schedulers"
    sys.modules[name] = mod
    exec(compile(code, "diffusers/schedulers/" + module + ".py", "exec"), mod.__dict__)  # noqa: S102
    return mod


# --- the denoising loop ---------------------------------------------------------------------------

def stand_in_model(sample, t):
    """A deterministic, timestep-dependent 'UNet': 0.3*x + 0.1*sin(t/37 + element index).

    The phase is computed in float64 and rounded to float32, as the C# test does."""
    n = sample.numel()
    phase = (0.1 * np.sin(float(t) / 37.0 + np.arange(n, dtype=np.float64))).astype(np.float32)
    return 0.3 * sample + torch.from_numpy(phase).reshape(sample.shape)


class RecordingGenerator:
    """Wraps a torch CPU generator; records every randn draw the scheduler makes."""

    def __init__(self, seed):
        self.generator = torch.Generator("cpu").manual_seed(seed)
        self.draws = []

    def randn(self, shape, generator=None, device=None, dtype=None, layout=None):
        assert generator is self.generator, "the scheduler must draw from the pipeline's generator"
        x = torch.randn(shape, generator=self.generator, dtype=dtype)
        self.draws.append(x.flatten().tolist())
        return x


def run_case(source, spec):
    module = _load(source, spec["module"])
    cls = getattr(module, spec["class"])
    init_params = inspect.signature(cls.__init__).parameters
    model_config = spec.get("model_config", {})
    overrides = dict(spec.get("options", {}))
    step_kwargs = {}
    if "generator" in inspect.signature(cls.step).parameters:
        step_kwargs["generator"] = None  # replaced by the recording generator below
    if "eta" in overrides:
        step_kwargs["eta"] = overrides["eta"]
    # As diffusers' from_config: the model's keys the class does not take are ignored.
    kwargs = {k: v for k, v in model_config.items() if k in init_params}
    # Options a scheduler name implies (dpmpp_2m_karras) sit between the model config and the spec's.
    kwargs.update(spec.get("implied", {}))
    kwargs.update({k: v for k, v in overrides.items() if k in init_params})
    scheduler = cls(**kwargs)

    steps = spec["steps"]
    strength = spec.get("strength", 1.0)
    scheduler.set_timesteps(steps)
    timesteps = scheduler.timesteps
    order = getattr(scheduler, "order", 1)

    recorder = RecordingGenerator(spec["seed"])
    module.randn_tensor = recorder.randn
    if "generator" in step_kwargs:
        step_kwargs["generator"] = recorder.generator
    initial = torch.randn(SHAPE, generator=recorder.generator, dtype=torch.float32)
    case = {
        "name": spec["name"],
        "scheduler": spec["scheduler"],
        "model_config": model_config,
        "options": overrides,
        "steps": steps,
        "strength": strength,
        "seed": spec["seed"],
        "shape": list(SHAPE),
        "initial_latents": initial.flatten().tolist(),
    }

    if strength < 1.0:
        # The img2img pipeline: start part-way down the schedule, noising a clean latent.
        init_timestep = min(int(steps * strength), steps)
        t_start = max(steps - init_timestep, 0)
        timesteps = timesteps[t_start * order:]
        if hasattr(scheduler, "set_begin_index"):
            scheduler.set_begin_index(t_start * order)
        noise = torch.randn(SHAPE, generator=recorder.generator, dtype=torch.float32)
        case["add_noise_noise"] = noise.flatten().tolist()
        latents = scheduler.add_noise(initial, noise, timesteps[:1])
        case["noised_latents"] = latents.flatten().tolist()
    else:
        latents = initial * scheduler.init_noise_sigma

    if spec["scheduler"].startswith("dpmpp_sde"):
        case["noise_sampler_seed"] = scheduler.noise_sampler_seed = sde_entropy(recorder)

    case["timesteps"] = [float(t) for t in timesteps]
    case["init_noise_sigma"] = float(scheduler.init_noise_sigma)
    for t in timesteps:
        model_input = scheduler.scale_model_input(latents, t)
        output = stand_in_model(model_input, t)
        latents = scheduler.step(output, t, latents, **step_kwargs).prev_sample
    case["noise"] = recorder.draws
    case["final"] = latents.flatten().tolist()
    return case


# The diffusers class behind each scheduler id, and the options its name implies.
SCHEDULERS = {
    "euler": ("scheduling_euler_discrete", "EulerDiscreteScheduler", {}),
    "ddim": ("scheduling_ddim", "DDIMScheduler", {}),
    "euler_ancestral": ("scheduling_euler_ancestral_discrete", "EulerAncestralDiscreteScheduler", {}),
    "heun": ("scheduling_heun_discrete", "HeunDiscreteScheduler", {}),
    "lms": ("scheduling_lms_discrete", "LMSDiscreteScheduler", {}),
    "dpmpp_2m": ("scheduling_dpmsolver_multistep", "DPMSolverMultistepScheduler", {}),
    "dpmpp_2m_karras": ("scheduling_dpmsolver_multistep", "DPMSolverMultistepScheduler", {"use_karras_sigmas": True}),
    "dpmpp_2m_sde": ("scheduling_dpmsolver_multistep", "DPMSolverMultistepScheduler", {"algorithm_type": "sde-dpmsolver++"}),
    "dpmpp_2m_sde_karras": ("scheduling_dpmsolver_multistep", "DPMSolverMultistepScheduler",
                            {"algorithm_type": "sde-dpmsolver++", "use_karras_sigmas": True}),
    "ddpm": ("scheduling_ddpm", "DDPMScheduler", {}),
    "pndm": ("scheduling_pndm", "PNDMScheduler", {}),
    "lcm": ("scheduling_lcm", "LCMScheduler", {}),
    "kdpm2": ("scheduling_k_dpm_2_discrete", "KDPM2DiscreteScheduler", {}),
    "kdpm2_ancestral": ("scheduling_k_dpm_2_ancestral_discrete", "KDPM2AncestralDiscreteScheduler", {}),
    "unipc": ("scheduling_unipc_multistep", "UniPCMultistepScheduler", {}),
    "dpmpp_sde": ("scheduling_dpmsolver_sde", "DPMSolverSDEScheduler", {}),
    "dpmpp_sde_karras": ("scheduling_dpmsolver_sde", "DPMSolverSDEScheduler", {"use_karras_sigmas": True}),
    "dpmpp_2s": ("scheduling_dpmsolver_singlestep", "DPMSolverSinglestepScheduler", {"solver_order": 2}),
    "dpmpp_2s_karras": ("scheduling_dpmsolver_singlestep", "DPMSolverSinglestepScheduler",
                        {"solver_order": 2, "use_karras_sigmas": True}),
    "dpmpp_3s": ("scheduling_dpmsolver_singlestep", "DPMSolverSinglestepScheduler", {"solver_order": 3}),
    "dpmpp_3s_karras": ("scheduling_dpmsolver_singlestep", "DPMSolverSinglestepScheduler",
                        {"solver_order": 3, "use_karras_sigmas": True}),
    "deis": ("scheduling_deis_multistep", "DEISMultistepScheduler", {}),
    "edm_euler": ("scheduling_edm_euler", "EDMEulerScheduler", {}),
    "edm_dpmpp_2m": ("scheduling_edm_dpmsolver_multistep", "EDMDPMSolverMultistepScheduler", {}),
    "tcd": ("scheduling_tcd", "TCDScheduler", {}),
}


def ad_hoc_cases(args):
    """The cases the command line asks for: one per (scheduler, steps, seed) combination."""
    model_config = SD15 if args.model_config == "sd15" else json.loads(args.model_config)
    options = json.loads(args.options)
    for scheduler in args.scheduler:
        module, cls, implied = SCHEDULERS[scheduler]
        specs = []
        for steps in args.steps:
            for seed in args.seed:
                specs.append({
                    "scheduler": scheduler, "module": module, "class": cls, "implied": implied,
                    "name": f"adhoc_{steps}_steps_seed_{seed}", "steps": steps, "model_config": model_config,
                    "options": options, "strength": args.strength, "seed": seed,
                })
        yield scheduler, specs


def cases(seed=1000):

    def case(scheduler, module, cls, name, steps, model_config=SD15, options=None, strength=1.0, implied=None):
        nonlocal seed
        seed += 1
        return {
            "scheduler": scheduler, "module": module, "class": cls, "name": name, "steps": steps,
            "model_config": model_config, "options": options or {}, "strength": strength, "seed": seed,
            "implied": implied or {},
        }

    euler = lambda *a, **k: case("euler", "scheduling_euler_discrete", "EulerDiscreteScheduler", *a, **k)  # noqa: E731
    ddim = lambda *a, **k: case("ddim", "scheduling_ddim", "DDIMScheduler", *a, **k)  # noqa: E731
    ancestral = lambda *a, **k: case("euler_ancestral", "scheduling_euler_ancestral_discrete",  # noqa: E731
                                     "EulerAncestralDiscreteScheduler", *a, **k)
    heun = lambda *a, **k: case("heun", "scheduling_heun_discrete", "HeunDiscreteScheduler", *a, **k)  # noqa: E731
    lms = lambda *a, **k: case("lms", "scheduling_lms_discrete", "LMSDiscreteScheduler", *a, **k)  # noqa: E731
    dpm = lambda *a, **k: case("dpmpp_2m", "scheduling_dpmsolver_multistep",  # noqa: E731
                               "DPMSolverMultistepScheduler", *a, **k)
    dpm_karras = lambda *a, **k: case("dpmpp_2m_karras", "scheduling_dpmsolver_multistep",  # noqa: E731
                                      "DPMSolverMultistepScheduler", *a, implied={"use_karras_sigmas": True}, **k)
    small_betas = np.linspace(0.001, 0.03, 100).tolist()

    yield "euler", [
        *[euler(f"sd15_{n}_steps", n) for n in (1, 2, 10, 25, 50)],
        euler("v_prediction", 25, options={"prediction_type": "v_prediction"}),
        euler("sample_prediction", 10, options={"prediction_type": "sample"}),
        euler("trailing", 10, options={"timestep_spacing": "trailing"}),
        euler("leading", 10, options={"timestep_spacing": "leading"}),
        euler("trailing_61_steps", 61, options={"timestep_spacing": "trailing"}),
        euler("leading_7_steps", 7, options={"timestep_spacing": "leading"}),
        *[euler(f"karras_{n}_steps", n, options={"use_karras_sigmas": True}) for n in (1, 2, 25)],
        euler("karras_sigma_bounds", 12, options={"use_karras_sigmas": True, "sigma_min": 0.05, "sigma_max": 10.0}),
        euler("log_linear", 10, options={"interpolation_type": "log_linear"}),
        euler("final_sigma_min", 10, options={"final_sigmas_type": "sigma_min"}),
        euler("diffusers_defaults", 10, model_config={}),
        euler("squaredcos", 10, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
        euler("zero_snr_trailing_v", 10, options={"rescale_betas_zero_snr": True, "timestep_spacing": "trailing",
                                                  "prediction_type": "v_prediction"}),
        euler("trained_betas", 8, options={"num_train_timesteps": 100, "trained_betas": small_betas}),
        euler("img2img", 25, strength=0.6),
        euler("img2img_karras", 20, options={"use_karras_sigmas": True}, strength=0.45),
    ]
    yield "ddim", [
        *[ddim(f"sd15_{n}_steps", n) for n in (1, 2, 10, 25, 50)],
        ddim("v_prediction", 25, options={"prediction_type": "v_prediction"}),
        ddim("sample_prediction", 10, options={"prediction_type": "sample"}),
        ddim("trailing", 10, options={"timestep_spacing": "trailing"}),
        ddim("trailing_61_steps", 61, options={"timestep_spacing": "trailing"}),
        ddim("linspace", 10, options={"timestep_spacing": "linspace"}),
        ddim("linspace_7_steps", 7, options={"timestep_spacing": "linspace"}),
        ddim("set_alpha_to_one", 10, options={"set_alpha_to_one": True}),
        ddim("diffusers_defaults", 10, model_config={}),
        ddim("clip_sample_range", 10, options={"clip_sample": True, "clip_sample_range": 0.5}),
        ddim("thresholding", 10, options={"thresholding": True, "sample_max_value": 1.5,
                                         "dynamic_thresholding_ratio": 0.9}),
        ddim("squaredcos", 10, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
        ddim("zero_snr_trailing_v", 10, options={"rescale_betas_zero_snr": True, "timestep_spacing": "trailing",
                                                 "prediction_type": "v_prediction"}),
        ddim("trained_betas", 8, options={"num_train_timesteps": 100, "trained_betas": small_betas}),
        ddim("eta_0_5", 10, options={"eta": 0.5}),
        ddim("eta_1", 25, options={"eta": 1.0}),
        ddim("img2img", 25, strength=0.6),
    ]


    yield "euler_ancestral", [
        *[ancestral(f"sd15_{n}_steps", n) for n in (1, 2, 10, 25, 50)],
        ancestral("v_prediction", 25, options={"prediction_type": "v_prediction"}),
        ancestral("trailing", 10, options={"timestep_spacing": "trailing"}),
        ancestral("leading", 10, options={"timestep_spacing": "leading"}),
        ancestral("diffusers_defaults", 10, model_config={}),
        ancestral("zero_snr_trailing_v", 10, options={"rescale_betas_zero_snr": True, "timestep_spacing": "trailing",
                                                      "prediction_type": "v_prediction"}),
        ancestral("img2img", 25, strength=0.6),
    ]
    yield "heun", [
        *[heun(f"sd15_{n}_steps", n) for n in (1, 2, 10, 25)],
        heun("v_prediction", 15, options={"prediction_type": "v_prediction"}),
        heun("sample_prediction", 10, options={"prediction_type": "sample", "clip_sample": True}),
        heun("trailing", 10, options={"timestep_spacing": "trailing"}),
        heun("trailing_v", 12, options={"timestep_spacing": "trailing", "prediction_type": "v_prediction"}),
        heun("leading", 10, options={"timestep_spacing": "leading"}),
        heun("karras", 20, options={"use_karras_sigmas": True}),
        heun("clip_sample", 10, options={"clip_sample": True, "clip_sample_range": 0.8}),
        heun("diffusers_defaults", 10, model_config={}),
        heun("squaredcos", 10, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
        heun("img2img", 20, strength=0.6),
    ]
    yield "lms", [
        *[lms(f"sd15_{n}_steps", n) for n in (1, 2, 3, 10, 25, 50)],
        lms("v_prediction", 25, options={"prediction_type": "v_prediction"}),
        lms("sample_prediction", 10, options={"prediction_type": "sample"}),
        lms("trailing", 10, options={"timestep_spacing": "trailing"}),
        lms("trailing_v", 12, options={"timestep_spacing": "trailing", "prediction_type": "v_prediction"}),
        lms("leading", 10, options={"timestep_spacing": "leading"}),
        lms("karras", 20, options={"use_karras_sigmas": True}),
        lms("diffusers_defaults", 10, model_config={}),
        lms("img2img", 25, strength=0.6),
    ]
    yield "dpmpp_2m", [
        *[dpm(f"sd15_{n}_steps", n) for n in (1, 2, 3, 10, 14, 15, 25)],
        dpm("v_prediction", 25, options={"prediction_type": "v_prediction"}),
        dpm("sample_prediction", 10, options={"prediction_type": "sample"}),
        dpm("trailing", 10, options={"timestep_spacing": "trailing"}),
        dpm("trailing_v", 20, options={"timestep_spacing": "trailing", "prediction_type": "v_prediction"}),
        dpm("leading", 10, options={"timestep_spacing": "leading"}),
        dpm("leading_20", 20, options={"timestep_spacing": "leading"}),
        dpm("karras_20", 20, options={"use_karras_sigmas": True}),
        dpm("karras_8", 8, options={"use_karras_sigmas": True}),
        dpm("solver_heun", 20, options={"solver_type": "heun"}),
        dpm("no_lower_order_final", 10, options={"lower_order_final": False}),
        dpm("euler_at_final", 20, options={"euler_at_final": True}),
        dpm("final_sigma_min", 20, options={"final_sigmas_type": "sigma_min"}),
        dpm("diffusers_defaults", 10, model_config={}),
        dpm("squaredcos", 10, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
        dpm("squaredcos_karras", 12, model_config={}, options={"beta_schedule": "squaredcos_cap_v2",
                                                               "use_karras_sigmas": True}),
        dpm("zero_snr_trailing_v", 10, options={"rescale_betas_zero_snr": True, "timestep_spacing": "trailing",
                                                "prediction_type": "v_prediction"}),
        dpm("img2img", 25, strength=0.6),
        dpm("img2img_karras", 20, options={"use_karras_sigmas": True}, strength=0.45),
    ]
    yield "dpmpp_2m_karras", [
        *[dpm_karras(f"sd15_{n}_steps", n) for n in (1, 2, 10, 25)],
        dpm_karras("v_prediction", 20, options={"prediction_type": "v_prediction"}),
        dpm_karras("trailing", 10, options={"timestep_spacing": "trailing"}),
        dpm_karras("spec_turns_karras_off", 10, options={"use_karras_sigmas": False}),
        dpm_karras("img2img", 25, strength=0.6),
    ]

    def named(scheduler):
        module, cls, implied = SCHEDULERS[scheduler]
        return lambda *a, **k: case(scheduler, module, cls, *a, implied=implied, **k)

    sde, sde_karras = named("dpmpp_2m_sde"), named("dpmpp_2m_sde_karras")
    yield "dpmpp_2m_sde", [
        *[sde(f"sd15_{n}_steps", n) for n in (1, 2, 3, 10, 15, 25)],
        sde("v_prediction", 20, options={"prediction_type": "v_prediction"}),
        sde("trailing", 10, options={"timestep_spacing": "trailing"}),
        sde("trailing_v", 12, options={"timestep_spacing": "trailing", "prediction_type": "v_prediction"}),
        sde("leading", 10, options={"timestep_spacing": "leading"}),
        sde("karras", 20, options={"use_karras_sigmas": True}),
        sde("solver_heun", 20, options={"solver_type": "heun"}),
        sde("final_sigma_min", 20, options={"final_sigmas_type": "sigma_min"}),
        sde("diffusers_defaults", 10, model_config={}),
        sde("img2img", 25, strength=0.6),
    ]
    yield "dpmpp_2m_sde_karras", [
        *[sde_karras(f"sd15_{n}_steps", n) for n in (2, 10, 25)],
        sde_karras("v_prediction", 20, options={"prediction_type": "v_prediction"}),
        sde_karras("img2img", 25, strength=0.6),
    ]
    ddpm = named("ddpm")
    yield "ddpm", [
        *[ddpm(f"sd15_{n}_steps", n) for n in (1, 2, 10, 25, 50)],
        ddpm("v_prediction", 25, options={"prediction_type": "v_prediction"}),
        ddpm("sample_prediction", 10, options={"prediction_type": "sample"}),
        ddpm("trailing", 10, options={"timestep_spacing": "trailing"}),
        ddpm("trailing_61_steps", 61, options={"timestep_spacing": "trailing"}),
        ddpm("linspace", 10, options={"timestep_spacing": "linspace"}),
        ddpm("fixed_small_log", 10, options={"variance_type": "fixed_small_log"}),
        ddpm("fixed_large", 10, options={"variance_type": "fixed_large"}),
        ddpm("clip_sample", 10, options={"clip_sample": True, "clip_sample_range": 0.5}),
        ddpm("thresholding", 10, options={"thresholding": True, "sample_max_value": 1.5,
                                          "dynamic_thresholding_ratio": 0.9}),
        ddpm("diffusers_defaults", 10, model_config={}),
        ddpm("squaredcos", 10, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
        ddpm("zero_snr_trailing_v", 10, options={"rescale_betas_zero_snr": True, "timestep_spacing": "trailing",
                                                 "prediction_type": "v_prediction"}),
        ddpm("img2img", 25, strength=0.6),
    ]
    pndm = named("pndm")
    yield "pndm", [
        *[pndm(f"sd15_{n}_steps", n) for n in (1, 2, 3, 4, 10, 25, 50)],
        pndm("v_prediction", 25, options={"prediction_type": "v_prediction"}),
        pndm("trailing", 10, options={"timestep_spacing": "trailing"}),
        pndm("trailing_61_steps", 61, options={"timestep_spacing": "trailing"}),
        pndm("linspace", 10, options={"timestep_spacing": "linspace"}),
        pndm("set_alpha_to_one", 10, options={"set_alpha_to_one": True}),
        pndm("prk_4_steps", 4, options={"skip_prk_steps": False}),
        pndm("prk_10_steps", 10, options={"skip_prk_steps": False}),
        pndm("prk_25_steps_v", 25, options={"skip_prk_steps": False, "prediction_type": "v_prediction"}),
        pndm("diffusers_defaults_prk", 20, model_config={}),
        pndm("squaredcos", 10, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
        pndm("img2img", 25, strength=0.6),
    ]
    lcm = named("lcm")
    yield "lcm", [
        *[lcm(f"sd15_{n}_steps", n) for n in (1, 2, 4, 8, 50)],
        lcm("v_prediction", 6, options={"prediction_type": "v_prediction"}),
        lcm("sample_prediction", 4, options={"prediction_type": "sample"}),
        lcm("original_steps_100", 7, options={"original_inference_steps": 100}),
        lcm("clip_sample", 4, options={"clip_sample": True, "clip_sample_range": 0.5}),
        lcm("thresholding", 4, options={"thresholding": True, "sample_max_value": 1.5}),
        lcm("timestep_scaling", 4, options={"timestep_scaling": 3.0}),
        lcm("diffusers_defaults", 4, model_config={}),
        lcm("img2img", 8, strength=0.6),
    ]
    for name in ("kdpm2", "kdpm2_ancestral"):
        k = named(name)
        yield name, [
            *[k(f"sd15_{n}_steps", n) for n in (1, 2, 10, 25)],
            k("v_prediction", 15, options={"prediction_type": "v_prediction"}),
            k("trailing", 10, options={"timestep_spacing": "trailing"}),
            k("trailing_v", 12, options={"timestep_spacing": "trailing", "prediction_type": "v_prediction"}),
            k("leading", 10, options={"timestep_spacing": "leading"}),
            k("karras", 20, options={"use_karras_sigmas": True}),
            k("diffusers_defaults", 10, model_config={}),
            k("squaredcos", 10, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
            k("img2img", 20, strength=0.6),
        ]
    unipc = named("unipc")
    yield "unipc", [
        *[unipc(f"sd15_{n}_steps", n) for n in (1, 2, 3, 10, 25)],
        unipc("v_prediction", 20, options={"prediction_type": "v_prediction"}),
        unipc("sample_prediction", 10, options={"prediction_type": "sample"}),
        unipc("trailing", 10, options={"timestep_spacing": "trailing"}),
        unipc("trailing_v", 12, options={"timestep_spacing": "trailing", "prediction_type": "v_prediction"}),
        unipc("leading", 10, options={"timestep_spacing": "leading"}),
        unipc("karras", 20, options={"use_karras_sigmas": True}),
        unipc("karras_sigma_min", 12, options={"use_karras_sigmas": True, "final_sigmas_type": "sigma_min"}),
        unipc("bh1_sigma_min", 10, options={"solver_type": "bh1", "final_sigmas_type": "sigma_min"}),
        unipc("order_1", 10, options={"solver_order": 1}),
        unipc("order_3", 15, options={"solver_order": 3}),
        unipc("no_lower_order_final", 10, options={"lower_order_final": False, "final_sigmas_type": "sigma_min"}),
        unipc("thresholding", 10, options={"thresholding": True, "sample_max_value": 1.5}),
        unipc("diffusers_defaults", 10, model_config={}),
        unipc("squaredcos", 12, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
        unipc("zero_snr_trailing_v", 10, options={"rescale_betas_zero_snr": True, "timestep_spacing": "trailing",
                                                  "prediction_type": "v_prediction"}),
        unipc("img2img", 25, strength=0.6),
    ]
    # Appended last so the seeds of the cases above stay as committed.
    sde, sde_karras = named("dpmpp_sde"), named("dpmpp_sde_karras")
    yield "dpmpp_sde", [
        *[sde(f"sd15_{n}_steps", n) for n in (1, 2, 3, 10, 25)],
        sde("v_prediction", 20, options={"prediction_type": "v_prediction"}),
        sde("trailing", 10, options={"timestep_spacing": "trailing"}),
        sde("trailing_v", 12, options={"timestep_spacing": "trailing", "prediction_type": "v_prediction"}),
        sde("leading", 10, options={"timestep_spacing": "leading"}),
        sde("karras", 20, options={"use_karras_sigmas": True}),
        sde("diffusers_defaults", 10, model_config={}),
        sde("img2img", 25, strength=0.6),
    ]
    yield "dpmpp_sde_karras", [
        *[sde_karras(f"sd15_{n}_steps", n) for n in (2, 10, 25)],
        sde_karras("v_prediction", 20, options={"prediction_type": "v_prediction"}),
        sde_karras("img2img", 25, strength=0.6),
    ]
    # DPMSolverSinglestepScheduler has no timestep_spacing (its timesteps are always linspace), so
    # there are no trailing cases; v-prediction, heun, sigma_min and img2img starting at every
    # position of a run are.
    for name, orders in (("dpmpp_2s", (1, 2, 3, 10, 25, 50)), ("dpmpp_3s", (1, 2, 3, 4, 5, 10, 25, 50))):
        single = named(name)
        yield name, [
            *[single(f"sd15_{n}_steps", n) for n in orders],
            single("v_prediction", 25, options={"prediction_type": "v_prediction"}),
            single("v_prediction_10", 10, options={"prediction_type": "v_prediction"}),
            single("sample_prediction", 10, options={"prediction_type": "sample"}),
            single("solver_heun", 20, options={"solver_type": "heun"}),
            single("solver_heun_v", 12, options={"solver_type": "heun", "prediction_type": "v_prediction"}),
            single("karras", 20, options={"use_karras_sigmas": True}),
            single("final_sigma_min", 24, options={"final_sigmas_type": "sigma_min"}),
            single("final_sigma_min_lower_order_final", 24, options={"final_sigmas_type": "sigma_min",
                                                                      "lower_order_final": True}),
            single("final_sigma_min_uneven", 25, options={"final_sigmas_type": "sigma_min"}),
            single("diffusers_defaults", 10, model_config={}),
            single("squaredcos", 12, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
            single("img2img", 25, strength=0.6),
            single("img2img_run_middle", 20, strength=0.45),
            single("img2img_run_end", 21, strength=0.5),
        ]
    for name in ("dpmpp_2s_karras", "dpmpp_3s_karras"):
        single = named(name)
        yield name, [
            *[single(f"sd15_{n}_steps", n) for n in (1, 2, 10, 25, 50)],
            single("v_prediction", 20, options={"prediction_type": "v_prediction"}),
            single("spec_turns_karras_off", 10, options={"use_karras_sigmas": False}),
            single("img2img", 25, strength=0.6),
        ]
    deis = named("deis")
    yield "deis", [
        *[deis(f"sd15_{n}_steps", n) for n in (1, 2, 3, 10, 25, 50)],
        deis("v_prediction", 25, options={"prediction_type": "v_prediction"}),
        deis("sample_prediction", 10, options={"prediction_type": "sample"}),
        deis("trailing", 10, options={"timestep_spacing": "trailing"}),
        deis("trailing_25", 25, options={"timestep_spacing": "trailing"}),
        deis("trailing_v", 12, options={"timestep_spacing": "trailing", "prediction_type": "v_prediction"}),
        deis("trailing_v_50", 50, options={"timestep_spacing": "trailing", "prediction_type": "v_prediction"}),
        deis("leading", 10, options={"timestep_spacing": "leading"}),
        deis("karras", 20, options={"use_karras_sigmas": True}),
        deis("order_1", 10, options={"solver_order": 1}),
        deis("order_3", 10, options={"solver_order": 3}),
        deis("order_3_25", 25, options={"solver_order": 3}),
        deis("order_3_v", 20, options={"solver_order": 3, "prediction_type": "v_prediction"}),
        deis("no_lower_order_final", 10, options={"lower_order_final": False}),
        deis("diffusers_defaults", 10, model_config={}),
        deis("squaredcos", 12, model_config={}, options={"beta_schedule": "squaredcos_cap_v2"}),
        deis("img2img", 25, strength=0.6),
        deis("img2img_order_3", 20, options={"solver_order": 3}, strength=0.5),
    ]
    # The EDM schedulers have no timestep_spacing (their timesteps are c_noise = log(sigma) / 4):
    # no trailing cases. Their config keys are their own; SD 1.5's are ignored, as from_config does.
    for name in ("edm_euler", "edm_dpmpp_2m"):
        edm = named(name)
        cases_of = [
            *[edm(f"sd15_{n}_steps", n) for n in (1, 2, 3, 10, 25, 50)],
            edm("v_prediction", 25, options={"prediction_type": "v_prediction"}),
            edm("v_prediction_10", 10, options={"prediction_type": "v_prediction"}),
            edm("exponential", 20, options={"sigma_schedule": "exponential"}),
            edm("exponential_v", 12, options={"sigma_schedule": "exponential", "prediction_type": "v_prediction"}),
            edm("final_sigma_min", 20, options={"final_sigmas_type": "sigma_min"}),
            edm("sigma_range", 15, options={"sigma_min": 0.03, "sigma_max": 14.6, "sigma_data": 0.6, "rho": 5.0}),
            edm("img2img", 25, strength=0.6),
        ]
        if name == "edm_dpmpp_2m":
            cases_of += [
                edm("solver_heun", 20, options={"solver_type": "heun"}),
                edm("order_3", 25, options={"solver_order": 3}),
                edm("order_3_short", 10, options={"solver_order": 3}),
                edm("order_1", 10, options={"solver_order": 1}),
                edm("euler_at_final", 20, options={"euler_at_final": True}),
                edm("no_lower_order_final_sigma_min", 10, options={"lower_order_final": False,
                                                                   "final_sigmas_type": "sigma_min"}),
            ]
        yield name, cases_of
    # TCD: gamma is diffusers' step argument eta (0.3 by default), an option here. No trailing cases:
    # its timesteps are LCM's distillation timesteps, without timestep_spacing.
    tcd = named("tcd")
    yield "tcd", [
        *[tcd(f"sd15_{n}_steps", n) for n in (1, 2, 4, 8, 10, 25, 50)],
        tcd("v_prediction", 8, options={"prediction_type": "v_prediction"}),
        tcd("v_prediction_25", 25, options={"prediction_type": "v_prediction"}),
        tcd("sample_prediction", 4, options={"prediction_type": "sample"}),
        tcd("eta_0", 8, options={"eta": 0.0}),
        tcd("eta_1", 8, options={"eta": 1.0}),
        tcd("eta_0_7", 6, options={"eta": 0.7}),
        tcd("original_steps_100", 7, options={"original_inference_steps": 100}),
        tcd("zero_snr_v", 6, options={"rescale_betas_zero_snr": True, "prediction_type": "v_prediction"}),
        tcd("diffusers_defaults", 4, model_config={}),
        tcd("img2img", 8, strength=0.6),
    ]


def linspace_document():
    """torch.linspace(float32) on ranges diffusers uses and on awkward lengths, as exact bit patterns."""
    ranges = [
        (0.00085 ** 0.5, 0.012 ** 0.5, 1000), (0.0001, 0.02, 1000), (0.00085, 0.012, 1000),
        (math.log(0.0292), math.log(14.6146), 26), (0.1, 3.3, 37), (-2.5, -1.0, 51), (0.0, 1.0, 15),
        (1.0, 0.0, 100), (0.3, 0.7, 1001), (5.0, -3.0, 32), (0.001, 0.03, 100), (2.0, 7.0, 2), (4.0, 4.0, 1),
    ]
    cases = []
    for start, end, steps in ranges:
        values = torch.linspace(start, end, steps, dtype=torch.float32)
        bits = values.numpy().view(np.uint32).tolist()
        cases.append({"start": start, "end": end, "steps": steps, "bits": bits})
    return {
        "generator": "tests/reference/schedulers/make_reference.py",
        "torch": torch.__version__,
        "cpu_capability": torch.__config__.show().split("CPU capability usage: ")[-1].split()[0],
        "cases": cases,
    }


def numpy_log_document():
    """np.log of float32 (NumPy's SIMD loop, which DEIS's coefficients go through), as bit patterns."""
    rng = np.random.default_rng(20240607)
    inputs = np.concatenate([
        rng.uniform(1e-3, 1.0, 2048), rng.uniform(1.0, 200.0, 2048),
        np.exp(rng.uniform(-20.0, 20.0, 2048)), [0.70710677, 0.70710678, 0.7071068, 1.0, 2.0, 0.5, 1e-30, 3e38],
    ]).astype(np.float32)
    logs = np.array([np.log(x) for x in inputs], dtype=np.float32)  # one scalar at a time, as diffusers calls it
    return {
        "generator": "tests/reference/schedulers/make_reference.py",
        "numpy": np.__version__,
        "simd": [name for name, on in np.core._multiarray_umath.__cpu_features__.items() if on and name.startswith("AVX")],
        "x": inputs.view(np.uint32).tolist(),
        "log": logs.view(np.uint32).tolist(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--diffusers", required=True, help="diffusers source tree or bare git mirror")
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--torchsde", default="/work/.mirror/google-research+torchsde/repo",
                        help="torchsde source tree or bare git mirror (for dpmpp_sde)")
    parser.add_argument("--only", help="write only this scheduler's file")
    parser.add_argument("--seed-base", type=int, default=1000, help="seed of the first committed case, minus one")
    adhoc = parser.add_argument_group(
        "ad-hoc cases", "instead of the committed cases, write <scheduler>.json with the cases described here, e.g. "
        "--scheduler lms --steps 33 --seed 7 --options '{\"prediction_type\": \"v_prediction\"}'")
    adhoc.add_argument("--scheduler", nargs="+", choices=sorted(SCHEDULERS))
    adhoc.add_argument("--steps", nargs="+", type=int, default=[25])
    adhoc.add_argument("--seed", nargs="+", type=int, default=[1])
    adhoc.add_argument("--options", default="{}", help="the spec's scheduler_options, as JSON")
    adhoc.add_argument("--model-config", default="sd15", help="'sd15' or the model's scheduler_config.json as JSON")
    adhoc.add_argument("--strength", type=float, default=1.0, help="below 1: img2img")
    args = parser.parse_args()

    torch.set_num_threads(1)
    # torchsde warns when diffusers queries its tree a float32 rounding outside [t0, t1]; it clamps.
    import warnings
    warnings.filterwarnings("ignore", message="Should have", category=UserWarning)
    source = _Source(args.diffusers)
    _install_stubs()
    _install_torchsde(args.torchsde)
    if not args.scheduler and (not args.only or args.only == "torch_linspace"):
        path = os.path.join(args.out, "torch_linspace.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(linspace_document(), f, separators=(",", ":"))
            f.write("\n")
        print(f"{path}: torch.linspace bit patterns")
    if not args.scheduler and (not args.only or args.only == "numpy_log"):
        path = os.path.join(args.out, "numpy_log.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(numpy_log_document(), f, separators=(",", ":"))
            f.write("\n")
        print(f"{path}: np.log float32 bit patterns")
    for scheduler, specs in (ad_hoc_cases(args) if args.scheduler else cases(args.seed_base)):
        if args.only and scheduler != args.only:
            continue
        document = {
            "generator": "tests/reference/schedulers/make_reference.py",
            "diffusers_commit": source.commit(),
            "torch": torch.__version__,
            "numpy": np.__version__,
            "model": "0.3*x + float32(0.1*sin(t/37 + i)), x the scaled model input, i the element index",
            "cases": [run_case(source, spec) for spec in specs],
        }
        path = os.path.join(args.out, scheduler + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f, separators=(",", ":"))
            f.write("\n")
        print(f"{path}: {len(document['cases'])} cases")


if __name__ == "__main__":
    main()
