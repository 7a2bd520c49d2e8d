namespace AssetForge.Onnx.Imaging.PostSteps;

/// <summary>The fixed palettes <c>pixelate</c> knows by name, as canonical #rrggbb lists.</summary>
internal static class NamedPalettes
{
    /// <summary>The PICO-8 fantasy console's 16 colours, in its own index order.</summary>
    public const string Pico8 = "#000000 #1d2b53 #7e2553 #008751 #ab5236 #5f574f #c2c3c7 #fff1e8 #ff004d #ffa300 #ffec27 #00e436 #29adff #83769c #ff77a8 #ffccaa";

    /// <summary>DawnBringer's 16-colour palette (DB16), in its published order.</summary>
    public const string Db16 = "#140c1c #442434 #30346d #4e4a4e #854c30 #346524 #d04648 #757161 #597dce #d27d2c #8595a1 #6daa2c #d2aa99 #6dc2ca #dad45e #deeed6";

    /// <summary>The colours of a named palette, or null when the name is not one.</summary>
    public static string? Find(string name) => name switch
    {
        "pico8" => Pico8,
        "db16" => Db16,
        _ => null,
    };
}
