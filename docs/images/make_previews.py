"""Makes the README's preview images from built outputs (Pillow; run with /usr/bin/python3).

usage: make_previews.py COMPARE_OUT SAMPLE_OUT DEST
  COMPARE_OUT: out/ of a project holding the sample's three icon specs three times, with no post
               steps (icons/<name>_raw.png), with { color_key: corner } (<name>_key.png) and with
               { remove_background: 14 } (<name>_rb.png);
  SAMPLE_OUT:  assetspecs/out after `assetforge build assetspecs` (builtin:icons);
  DEST:        where the PNGs go (docs/images).
Prints, per icon and step, how many pixels became transparent and how many got partial alpha.
"""
import sys
from PIL import Image

GAP = 4


def checker(width, height, cell=8):
    image = Image.new("RGBA", (width, height))
    pixels = image.load()
    for y in range(height):
        for x in range(width):
            v = 200 if ((x // cell) + (y // cell)) % 2 == 0 else 150
            pixels[x, y] = (v, v, v, 255)
    return image


def on_checker(image, scale):
    image = image.convert("RGBA").resize((image.width * scale, image.height * scale), Image.NEAREST)
    background = checker(image.width, image.height)
    background.alpha_composite(image)
    return background


def alpha_counts(path):
    alpha = list(Image.open(path).convert("RGBA").getchannel("A").getdata())
    return sum(1 for a in alpha if a == 0), sum(1 for a in alpha if 0 < a < 255), len(alpha)


def strip(images, dest):
    width = sum(i.width for i in images) + GAP * (len(images) + 1)
    height = max(i.height for i in images) + 2 * GAP
    sheet = Image.new("RGBA", (width, height), (255, 255, 255, 255))
    x = GAP
    for image in images:
        sheet.paste(image, (x, GAP))
        x += image.width + GAP
    sheet.save(dest, optimize=True)


def main(compare, sample, dest):
    rows = []
    for name in ("sword", "shield", "key"):
        rows.append([on_checker(Image.open(f"{compare}/icons/{name}_{kind}.png"), 2) for kind in ("raw", "key", "rb")])
        for kind in ("key", "rb"):
            transparent, partial, total = alpha_counts(f"{compare}/icons/{name}_{kind}.png")
            print(f"{name} {kind}: transparent {transparent}/{total}, partial alpha {partial}")
    cell = rows[0][0].width
    grid = Image.new("RGBA", (3 * cell + 4 * GAP, 3 * cell + 4 * GAP), (255, 255, 255, 255))
    for r, row in enumerate(rows):
        for c, image in enumerate(row):
            grid.paste(image, (GAP + c * (cell + GAP), GAP + r * (cell + GAP)))
    grid.save(f"{dest}/remove_background_vs_color_key.png", optimize=True)
    strip([on_checker(Image.open(f"{sample}/items/pixel_gem.png"), 2), on_checker(Image.open(f"{sample}/ui/icon_sheet.png"), 2)], f"{dest}/pixel_gem_and_icon_sheet.png")
    strip([on_checker(Image.open(f"{sample}/textures/ground_stone.png"), 2), on_checker(Image.open(f"{sample}/textures/ground_stone_n.png"), 2)], f"{dest}/ground_and_normal_map.png")
    Image.open(f"{sample}/showcase/contact_sheet.png").save(f"{dest}/icons_contact_sheet.png", optimize=True)
    sample_icons = ("items/potion_health", "items/potion_mana", "items/potion_stamina_s31", "icons/sword", "icons/shield", "icons/key",
                    "props/crate_wooden", "props/chest_blue", "textures/ground_grass")
    strip([on_checker(Image.open(f"{sample}/{name}.png"), 2) for name in sample_icons], f"{dest}/sample_icons.png")


if __name__ == "__main__":
    main(*sys.argv[1:4])
