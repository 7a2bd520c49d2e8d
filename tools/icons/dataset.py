#!/usr/bin/python3
"""A procedural training set of 64x64 game-art subjects, deterministic from a seed.

Nothing is downloaded: every image is drawn from primitives (ellipses, polygons, rounded boxes)
with a bevel-like shading from a blurred height field, dark outlines, and per-image variation of
shape, placement, size, hue and background. Twelve kinds of object in ten colours and three styles,
plus four tileable ground textures, each with a caption from a small grammar.

    /usr/bin/python3 tools/icons/dataset.py OUT_DIR [--count 24000] [--seed 1] [--preview grid.png]

writes OUT_DIR/images.npy (N x 64 x 64 x 3, uint8), OUT_DIR/labels.json (caption, kind, colour,
style per image) and, with --preview, a grid of the first images. The same seed gives the same
bytes (each image draws from its own PCG64 stream keyed by (seed, index); Pillow's drawing is
deterministic), whatever the number of worker processes; the training script regenerates the
set rather than storing it in the repository.

Only numpy and Pillow (Debian's python3-numpy, python3-pil) are needed.
"""
import argparse
import json
import math
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SIZE = 64
SUPER = 4                      # drawn at 256x256, then reduced: anti-aliased edges
CANVAS = SIZE * SUPER

KINDS = ("potion", "sword", "shield", "key", "gem", "coin",
         "chest", "barrel", "crate", "mushroom", "tree", "rock")
TEXTURES = ("grass", "stone", "sand", "water")

# The named colour paints each kind's main part; names and sRGB values a viewer would agree on.
COLOURS = {
    "red": (200, 32, 36), "orange": (236, 120, 24), "yellow": (240, 208, 40),
    "green": (44, 164, 56), "cyan": (40, 196, 212), "blue": (40, 72, 208),
    "purple": (132, 48, 180), "pink": (240, 120, 176), "white": (236, 236, 232),
    "black": (36, 36, 40),
}
STYLES = ("game icon", "flat icon", "pixel art")

BACKGROUNDS = ((236, 232, 222), (200, 204, 210), (72, 76, 88), (40, 44, 52), (222, 210, 186), (150, 160, 150))
STEEL = (170, 176, 186)
WOOD = (132, 84, 44)
DARK_WOOD = (92, 56, 28)
GOLD = (212, 172, 52)


def article(word):
    return "an" if word[0] in "aeiou" else "a"


def caption_for(kind, colour, style, rng):
    """A caption from the grammar; the word order varies the way people write prompts."""
    material = {"chest": "wooden ", "barrel": "wooden ", "crate": "wooden "}.get(kind, "")
    if material and rng.random() < 0.5:
        material = ""
    forms = (
        f"{article(colour)} {colour} {material}{kind}, {style}",
        f"{colour} {material}{kind}, {style}",
        f"{style} of {article(colour)} {colour} {material}{kind}",
        f"{article(colour)} {colour} {material}{kind}, {style}, plain background",
    )
    return forms[rng.integers(len(forms))]


def texture_caption(kind, style, rng):
    forms = (
        f"{kind} ground texture, seamless, top-down",
        f"seamless {kind} texture, {style}",
        f"top-down {kind} ground, tileable texture",
    )
    return forms[rng.integers(len(forms))]


# ----------------------------------------------------------------------------- drawing

class Layer:
    """One part of a subject: a coverage mask (0..255 at CANVAS size) and its colour."""

    def __init__(self, colour, shine=0.35, grain=False):
        self.mask = Image.new("L", (CANVAS, CANVAS), 0)
        self.draw = ImageDraw.Draw(self.mask)
        self.colour = colour
        self.shine = shine
        self.grain = grain


def jitter_colour(rgb, rng, amount=14):
    return tuple(int(np.clip(c + rng.integers(-amount, amount + 1), 0, 255)) for c in rgb)


def shade(layer, shaded, rng):
    """Colour per pixel of a layer: bevel shading from its blurred mask, lit from the top left."""
    mask = np.asarray(layer.mask, dtype=np.float32) / 255.0
    base = np.asarray(layer.colour, dtype=np.float32)[None, None, :] / 255.0
    if not shaded:
        return np.broadcast_to(base, mask.shape + (3,)), mask
    height = np.asarray(layer.mask.filter(ImageFilter.GaussianBlur(CANVAS / 28)), dtype=np.float32) / 255.0
    gy, gx = np.gradient(height)
    scale = CANVAS / 10.0
    nx, ny, nz = -gx * scale, -gy * scale, np.ones_like(height)
    norm = np.sqrt(nx * nx + ny * ny + nz * nz)
    light = np.array([-0.5, -0.6, 0.62])
    light /= np.linalg.norm(light)
    diffuse = np.clip((nx * light[0] + ny * light[1] + nz * light[2]) / norm, 0.0, 1.0)
    ambient = 0.45
    colour = base * (ambient + (1.0 - ambient) * diffuse[..., None])
    spec = np.clip(diffuse, 0, 1) ** 24 * layer.shine
    colour = colour + spec[..., None]
    if layer.grain:
        rows = np.arange(CANVAS, dtype=np.float32)
        phase = rng.random() * 6.28
        stripes = 0.92 + 0.08 * np.sin(rows[:, None] * 0.35 + phase + 2.0 * np.sin(rows[None, :] * 0.02))
        colour = colour * stripes[..., None]
    return np.clip(colour, 0.0, 1.0), mask


def dilate(mask, radius):
    """Grey-scale dilation by a (2r+1)-square, separably (Pillow's MaxFilter is a slow rank filter)."""
    out = mask.copy()
    for axis in (0, 1):
        src = out.copy()
        for shift in range(1, radius + 1):
            np.maximum(out, np.roll(src, shift, axis=axis), out=out)
            np.maximum(out, np.roll(src, -shift, axis=axis), out=out)
    return out


def compose(layers, background, style, rng):
    """Paints the layers in order over a plain background, outlining the silhouette."""
    shaded = style == "game icon"
    image = np.empty((CANVAS, CANVAS, 3), dtype=np.float32)
    image[:] = np.asarray(background, dtype=np.float32) / 255.0
    union = np.zeros((CANVAS, CANVAS), dtype=np.float32)
    for layer in layers:
        colour, mask = shade(layer, shaded, rng)
        # each part gets a thin dark edge of its own, so parts read apart
        edge = dilate(mask, 2) - mask
        edge = np.clip(edge, 0.0, 1.0)[..., None]
        dark = np.asarray(layer.colour, dtype=np.float32) / 255.0 * 0.35
        image = image * (1.0 - edge) + dark * edge
        image = image * (1.0 - mask[..., None]) + colour * mask[..., None]
        union = np.maximum(union, mask)
    outline = dilate(union, 4) - union
    outline = np.clip(outline, 0.0, 1.0)[..., None]
    image = image * (1.0 - outline) + np.array([0.08, 0.07, 0.09]) * outline
    pixels = Image.fromarray((np.clip(image, 0, 1) * 255 + 0.5).astype(np.uint8))
    if style == "pixel art":
        small = pixels.resize((SIZE // 2, SIZE // 2), Image.BOX)
        small = small.quantize(colors=12, method=Image.MEDIANCUT, dither=Image.NONE).convert("RGB")
        return small.resize((SIZE, SIZE), Image.NEAREST)
    return pixels.resize((SIZE, SIZE), Image.BOX)


class Frame:
    """Maps a subject's unit square (0..1, y down) into the canvas with a random placement."""

    def __init__(self, rng):
        self.scale = CANVAS * rng.uniform(0.78, 0.94)
        slack = CANVAS - self.scale
        self.x0 = slack / 2 + rng.uniform(-0.35, 0.35) * slack
        self.y0 = slack / 2 + rng.uniform(-0.35, 0.35) * slack
        self.angle = 0.0

    def p(self, x, y):
        if self.angle:
            cx, cy = x - 0.5, y - 0.5
            c, s = math.cos(self.angle), math.sin(self.angle)
            x, y = 0.5 + c * cx - s * cy, 0.5 + s * cx + c * cy
        return (self.x0 + x * self.scale, self.y0 + y * self.scale)

    def box(self, x0, y0, x1, y1):
        a, b = self.p(x0, y0), self.p(x1, y1)
        return (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))

    def poly(self, points):
        return [self.p(x, y) for x, y in points]

    def rect(self, x0, y0, x1, y1):
        """A rectangle that turns with the frame (box() is only right while angle is 0)."""
        return self.poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])

    def circle(self, cx, cy, r):
        x, y = self.p(cx, cy)
        return (x - r * self.scale, y - r * self.scale, x + r * self.scale, y + r * self.scale)

    def r(self, v):
        return v * self.scale


def draw_potion(f, colour, rng):
    glass = Layer((210, 226, 236), shine=0.6)
    liquid = Layer(colour, shine=0.5)
    cork = Layer(WOOD, grain=True)
    w = rng.uniform(0.30, 0.42)
    round_body = rng.random() < 0.6
    if round_body:
        glass.draw.ellipse(f.box(0.5 - w, 0.9 - 2 * w, 0.5 + w, 0.92), fill=255)
        liquid.draw.ellipse(f.box(0.5 - w + 0.04, 0.9 - 2 * w + 0.1, 0.5 + w - 0.04, 0.88), fill=255)
        top = 0.9 - 2 * w
    else:
        glass.draw.rounded_rectangle(f.box(0.5 - w * 0.8, 0.35, 0.5 + w * 0.8, 0.92), radius=f.r(0.08), fill=255)
        liquid.draw.rounded_rectangle(f.box(0.5 - w * 0.8 + 0.04, 0.48, 0.5 + w * 0.8 - 0.04, 0.88), radius=f.r(0.06), fill=255)
        top = 0.35
    glass.draw.rectangle(f.box(0.42, top - 0.18, 0.58, top + 0.04), fill=255)
    cork.draw.rectangle(f.box(0.40, top - 0.28, 0.60, top - 0.14), fill=255)
    return [glass, liquid, cork]


def draw_sword(f, colour, rng):
    f.angle = math.radians(rng.uniform(-50, -40) if rng.random() < 0.7 else rng.uniform(-8, 8))
    blade = Layer(colour, shine=0.7)
    guard = Layer(GOLD if colour != (240, 208, 40) else STEEL, shine=0.5)
    grip = Layer(DARK_WOOD)
    width = rng.uniform(0.05, 0.08)
    blade.draw.polygon(f.poly([(0.5 - width, 0.68), (0.5 - width, 0.16), (0.5, 0.02), (0.5 + width, 0.16), (0.5 + width, 0.68)]), fill=255)
    guard.draw.polygon(f.poly([(0.28, 0.68), (0.72, 0.68), (0.72, 0.74), (0.28, 0.74)]), fill=255)
    grip.draw.polygon(f.poly([(0.46, 0.74), (0.54, 0.74), (0.54, 0.92), (0.46, 0.92)]), fill=255)
    guard.draw.ellipse(f.circle(0.5, 0.95, 0.06), fill=255)
    return [blade, grip, guard]


def draw_shield(f, colour, rng):
    rim = Layer(STEEL, shine=0.6)
    face = Layer(colour, shine=0.3)
    boss = Layer(GOLD, shine=0.7)
    top = rng.uniform(0.06, 0.14)
    outer = [(0.12, top), (0.88, top), (0.88, 0.5), (0.5, 0.96), (0.12, 0.5)]
    inner = [(0.19, top + 0.06), (0.81, top + 0.06), (0.81, 0.48), (0.5, 0.87), (0.19, 0.48)]
    rim.draw.polygon(f.poly(outer), fill=255)
    face.draw.polygon(f.poly(inner), fill=255)
    if rng.random() < 0.5:
        boss.draw.ellipse(f.box(0.42, 0.36, 0.58, 0.52), fill=255)
    else:
        boss.draw.rectangle(f.box(0.46, top + 0.06, 0.54, 0.84), fill=255)
    return [rim, face, boss]


def draw_key(f, colour, rng):
    f.angle = math.radians(rng.uniform(-50, -30))
    key = Layer(colour, shine=0.6)
    r = rng.uniform(0.15, 0.2)
    key.draw.ellipse(f.circle(0.5, 0.05 + r, r), fill=255)
    key.draw.ellipse(f.circle(0.5, 0.05 + r, r * 0.45), fill=0)
    key.draw.polygon(f.rect(0.46, 0.05 + 2 * r - 0.02, 0.54, 0.95), fill=255)
    teeth = 2 + int(rng.integers(2))
    for i in range(teeth):
        y = 0.95 - 0.04 - i * 0.1
        key.draw.polygon(f.rect(0.54, y - 0.05, 0.66 - 0.02 * i, y + 0.01), fill=255)
    return [key]


def draw_gem(f, colour, rng):
    top = Layer(tuple(min(255, int(c * 1.25 + 30)) for c in colour), shine=0.9)
    body = Layer(colour, shine=0.8)
    w = rng.uniform(0.36, 0.44)
    crown = rng.uniform(0.28, 0.36)
    body.draw.polygon(f.poly([(0.5 - w, crown), (0.5 - w * 0.6, 0.12), (0.5 + w * 0.6, 0.12), (0.5 + w, crown), (0.5, 0.92)]), fill=255)
    top.draw.polygon(f.poly([(0.5 - w * 0.45, crown), (0.5 - w * 0.3, 0.15), (0.5 + w * 0.3, 0.15), (0.5 + w * 0.45, crown)]), fill=255)
    return [body, top]


def draw_coin(f, colour, rng):
    rim = Layer(colour, shine=0.7)
    face = Layer(tuple(int(c * 0.82) for c in colour), shine=0.5)
    mark = Layer(tuple(min(255, int(c * 1.15 + 20)) for c in colour), shine=0.6)
    squash = rng.uniform(0.75, 1.0)
    rim.draw.ellipse(f.box(0.5 - 0.42 * squash, 0.08, 0.5 + 0.42 * squash, 0.92), fill=255)
    face.draw.ellipse(f.box(0.5 - 0.32 * squash, 0.18, 0.5 + 0.32 * squash, 0.82), fill=255)
    if rng.random() < 0.5:
        mark.draw.polygon(f.poly([(0.5, 0.3), (0.5 + 0.12 * squash, 0.5), (0.5, 0.7), (0.5 - 0.12 * squash, 0.5)]), fill=255)
    else:
        mark.draw.rectangle(f.box(0.5 - 0.04 * squash, 0.3, 0.5 + 0.04 * squash, 0.7), fill=255)
    return [rim, face, mark]


def draw_chest(f, colour, rng):
    body = Layer(colour, grain=True)
    lid = Layer(tuple(int(c * 0.85) for c in colour), grain=True)
    band = Layer(GOLD if rng.random() < 0.5 else STEEL, shine=0.6)
    lid_h = rng.uniform(0.2, 0.28)
    lid.draw.rounded_rectangle(f.box(0.08, 0.22, 0.92, 0.22 + lid_h + 0.1), radius=f.r(0.12), fill=255)
    body.draw.rectangle(f.box(0.08, 0.22 + lid_h, 0.92, 0.86), fill=255)
    for x in (0.2, 0.76):
        band.draw.rectangle(f.box(x, 0.22, x + 0.06, 0.86), fill=255)
    band.draw.rectangle(f.box(0.44, 0.22 + lid_h - 0.04, 0.56, 0.22 + lid_h + 0.12), fill=255)
    return [lid, body, band]


def draw_barrel(f, colour, rng):
    body = Layer(colour, grain=True)
    hoops = Layer(STEEL, shine=0.6)
    w = rng.uniform(0.3, 0.36)
    body.draw.ellipse(f.box(0.5 - w - 0.06, 0.06, 0.5 + w + 0.06, 0.94), fill=255)
    body.draw.rectangle(f.box(0.5 - w, 0.06, 0.5 + w, 0.94), fill=255)
    for y in (0.2, 0.74):
        hoops.draw.rectangle(f.box(0.5 - w - 0.05, y, 0.5 + w + 0.05, y + 0.06), fill=255)
    return [body, hoops]


def draw_crate(f, colour, rng):
    frame = Layer(tuple(int(c * 0.78) for c in colour), grain=True)
    planks = Layer(colour, grain=True)
    brace = Layer(tuple(int(c * 0.9) for c in colour), grain=True)
    frame.draw.rectangle(f.box(0.1, 0.1, 0.9, 0.9), fill=255)
    planks.draw.rectangle(f.box(0.2, 0.2, 0.8, 0.8), fill=255)
    if rng.random() < 0.5:
        brace.draw.polygon(f.poly([(0.2, 0.72), (0.72, 0.2), (0.8, 0.28), (0.28, 0.8)]), fill=255)
    else:
        brace.draw.polygon(f.poly([(0.2, 0.28), (0.28, 0.2), (0.8, 0.72), (0.72, 0.8)]), fill=255)
        brace.draw.polygon(f.poly([(0.2, 0.72), (0.72, 0.2), (0.8, 0.28), (0.28, 0.8)]), fill=255)
    return [frame, planks, brace]


def draw_mushroom(f, colour, rng):
    stem = Layer((232, 220, 196))
    cap = Layer(colour, shine=0.4)
    spots = Layer((250, 250, 246) if colour != (236, 236, 232) else (200, 40, 40))
    w = rng.uniform(0.38, 0.46)
    stem.draw.rounded_rectangle(f.box(0.38, 0.42, 0.62, 0.94), radius=f.r(0.08), fill=255)
    cap.draw.chord(f.box(0.5 - w, 0.08, 0.5 + w, 0.08 + 2 * 0.42), 180, 360, fill=255)
    for _ in range(int(rng.integers(3, 6))):
        x, y = rng.uniform(0.5 - w * 0.6, 0.5 + w * 0.6), rng.uniform(0.16, 0.4)
        s = rng.uniform(0.035, 0.06)
        spots.draw.ellipse(f.box(x - s, y - s, x + s, y + s), fill=255)
    return [stem, cap, spots]


def draw_tree(f, colour, rng):
    trunk = Layer(WOOD, grain=True)
    crown = Layer(colour, shine=0.2)
    trunk.draw.rectangle(f.box(0.44, 0.5, 0.56, 0.95), fill=255)
    if rng.random() < 0.5:
        for cx, cy, r in ((0.5, 0.3, 0.24), (0.32, 0.44, 0.18), (0.68, 0.44, 0.18), (0.5, 0.5, 0.2)):
            r *= rng.uniform(0.9, 1.1)
            crown.draw.ellipse(f.box(cx - r, cy - r, cx + r, cy + r), fill=255)
    else:   # a conifer
        for i, y in enumerate((0.05, 0.25, 0.45)):
            w = 0.2 + 0.1 * i
            crown.draw.polygon(f.poly([(0.5, y), (0.5 + w, y + 0.3), (0.5 - w, y + 0.3)]), fill=255)
    return [trunk, crown]


def draw_rock(f, colour, rng):
    rock = Layer(colour, shine=0.2)
    points = []
    n = int(rng.integers(7, 11))
    for i in range(n):
        a = 2 * math.pi * i / n + rng.uniform(-0.2, 0.2)
        r = rng.uniform(0.3, 0.42)
        points.append((0.5 + r * math.cos(a), 0.58 + 0.8 * r * math.sin(a)))
    rock.draw.polygon(f.poly(points), fill=255)
    return [rock]


DRAW = {
    "potion": draw_potion, "sword": draw_sword, "shield": draw_shield, "key": draw_key,
    "gem": draw_gem, "coin": draw_coin, "chest": draw_chest, "barrel": draw_barrel,
    "crate": draw_crate, "mushroom": draw_mushroom, "tree": draw_tree, "rock": draw_rock,
}


# ----------------------------------------------------------------------------- ground textures

def periodic_noise(rng, octaves, size=SIZE):
    """Noise that tiles: a sum of sinusoids with whole-number frequencies over the tile."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    total = np.zeros((size, size), dtype=np.float32)
    for octave in range(octaves):
        freq = 2 ** octave
        for _ in range(4):
            fx, fy = rng.integers(-freq - 1, freq + 2, size=2)
            if fx == 0 and fy == 0:
                continue
            phase = rng.uniform(0, 2 * math.pi)
            total += np.sin(2 * math.pi * (fx * x + fy * y) + phase) / (octave + 1)
    total -= total.min()
    return total / max(total.max(), 1e-6)


def draw_texture(kind, style, rng):
    n = periodic_noise(rng, 5)
    fine = periodic_noise(rng, 6)
    if kind == "grass":
        low, high = np.array([40, 110, 36]), np.array([120, 190, 70])
        value = 0.6 * n + 0.4 * (fine > 0.55)
    elif kind == "sand":
        low, high = np.array([196, 168, 112]), np.array([240, 220, 170])
        value = 0.7 * n + 0.3 * fine
    elif kind == "water":
        low, high = np.array([24, 70, 150]), np.array([90, 170, 230])
        value = np.abs(np.sin(n * 9.0)) ** 3 * 0.7 + 0.3 * fine
    else:   # stone: cells with dark seams
        low, high = np.array([90, 90, 96]), np.array([176, 176, 180])
        seams = np.abs(np.sin(n * 14.0)) < 0.18
        value = np.where(seams, 0.05, 0.5 + 0.5 * fine)
    colour = low[None, None, :] + (high - low)[None, None, :] * np.clip(value, 0, 1)[..., None]
    colour = colour * rng.uniform(0.9, 1.1)
    image = Image.fromarray(np.clip(colour, 0, 255).astype(np.uint8))
    if style == "pixel art":
        small = image.resize((SIZE // 2, SIZE // 2), Image.BOX)
        return small.quantize(colors=8, method=Image.MEDIANCUT, dither=Image.NONE).convert("RGB").resize((SIZE, SIZE), Image.NEAREST)
    return image


# ----------------------------------------------------------------------------- the set

def sample(rng):
    """One image and its labels."""
    style = STYLES[rng.integers(len(STYLES))]
    if rng.random() < 0.08:
        kind = TEXTURES[rng.integers(len(TEXTURES))]
        return draw_texture(kind, style, rng), {"caption": texture_caption(kind, style, rng), "kind": kind, "colour": None, "style": style}
    kind = KINDS[rng.integers(len(KINDS))]
    colour = list(COLOURS)[rng.integers(len(COLOURS))]
    rgb = jitter_colour(COLOURS[colour], rng)
    background = BACKGROUNDS[rng.integers(len(BACKGROUNDS))]
    # keep the subject readable against its background
    while sum(abs(a - b) for a, b in zip(background, rgb)) < 150:
        background = BACKGROUNDS[rng.integers(len(BACKGROUNDS))]
    frame = Frame(rng)
    layers = DRAW[kind](frame, rgb, rng)
    image = compose(layers, jitter_colour(background, rng, 8), style, rng)
    return image, {"caption": caption_for(kind, colour, style, rng), "kind": kind, "colour": colour, "style": style}


def render(seed, index):
    """Image `index` of the set: its own generator, so any slice renders alone and in parallel."""
    image, label = sample(np.random.Generator(np.random.PCG64([seed, index])))
    return np.asarray(image, dtype=np.uint8), label


def _render_range(job):
    seed, start, stop = job
    return [render(seed, i) for i in range(start, stop)]


def generate(count, seed, workers=2):
    images = np.empty((count, SIZE, SIZE, 3), dtype=np.uint8)
    labels = []
    chunk = 500
    jobs = [(seed, start, min(count, start + chunk)) for start in range(0, count, chunk)]
    if workers > 1 and len(jobs) > 1:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_render_range, jobs)
    else:
        results = [_render_range(job) for job in jobs]
    i = 0
    for result in results:
        for pixels, label in result:
            images[i] = pixels
            labels.append(label)
            i += 1
    return images, labels


def preview(images, path, columns=16):
    rows = (len(images) + columns - 1) // columns
    grid = Image.new("RGB", (columns * SIZE, rows * SIZE), (0, 0, 0))
    for i, pixels in enumerate(images):
        grid.paste(Image.fromarray(pixels), ((i % columns) * SIZE, (i // columns) * SIZE))
    grid.save(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=24000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--preview")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    images, labels = generate(args.count, args.seed)
    np.save(os.path.join(args.out, "images.npy"), images)
    with open(os.path.join(args.out, "labels.json"), "w") as f:
        json.dump(labels, f)
    if args.preview:
        preview(images[:128], args.preview)


if __name__ == "__main__":
    main()
