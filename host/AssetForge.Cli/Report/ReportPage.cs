namespace AssetForge.Cli.Report;

using System.Net;
using System.Text;
using AssetForge.Core.Build;
using AssetForge.Core.Specs.Inputs;

/// <summary>
/// The static HTML page of <c>assetforge report</c>: one section per spec; plain assets with their
/// parameters, variants side by side, sweeps as a grid (columns: the first axis; rows: the others)
/// next to their contact sheet. Images are linked by relative paths, so the page works from
/// file:// with no server. A small script marks, once the page has loaded, how many images loaded
/// (<c>data-images-loaded</c>/<c>data-images-total</c> on the body), for people and for tests.
/// </summary>
public static class ReportPage
{
    // CSS width of a thumbnail card's image.
    private const int ThumbnailWidth = 192;

    /// <summary>Renders the page for a report written to <paramref name="reportDirectory"/>.</summary>
    public static string Render(ProjectOverview overview, string reportDirectory)
    {
        ArgumentNullException.ThrowIfNull(overview);
        var html = new StringBuilder(16 * 1024);
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>AssetForge report</title>
            <style>
            body{font-family:sans-serif;margin:1.5em;background:#fafafa;color:#222}
            section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1em;margin:0 0 1.2em}
            h2{margin:0 0 .5em;font-size:1.1em} .role{color:#777;font-weight:normal}
            .row{display:flex;flex-wrap:wrap;gap:1em} figure{margin:0}
            figure{background:#fdfdfd;border:1px solid #e4e4e4;border-radius:4px;padding:.4em}
            img{width:192px;height:auto;border:1px solid #ccc;background:#eee}
            img.pixel{image-rendering:pixelated}
            img.sheet{width:auto;max-width:100%}
            a.file{display:inline-block;padding:.6em;border:1px dashed #999;border-radius:4px;font-family:monospace}
            details{font-size:.8em;max-width:24em} details pre{max-width:24em}
            pre{white-space:pre-wrap;font-size:.8em;background:#f4f4f4;padding:.4em;max-width:60em}
            .stale{outline:3px solid #e0a000} .missing{outline:3px dashed #c00}
            .badge{display:inline-block;font-size:.75em;padding:0 .4em;border-radius:3px;background:#e0a000;color:#000}
            .badge.missing{background:#c00;color:#fff;outline:none}
            table.sweep-grid{border-collapse:collapse} table.sweep-grid th{font-weight:normal;padding:.3em;font-size:.85em}
            table.sweep-grid td{padding:.2em}
            </style></head>
            <body data-images-loaded="0" data-images-total="0">
            """).Append('\n');
        // The folder's name, never its absolute path: a report is shared, and the path says whose disk it came from.
        var projectName = Path.GetFileName(Path.TrimEndingDirectorySeparator(overview.ProjectDirectory));
        html.Append("<h1>AssetForge report</h1>\n<p>Project: <code>").Append(Encode(projectName)).Append("</code>. ");
        var stale = overview.Assets.Count(a => a.State != AssetState.Current);
        html.Append(overview.Assets.Count).Append(" assets, ").Append(stale).Append(" not current.</p>\n");
        if (overview.Invalid.Count > 0)
        {
            html.Append("<p class=\"badge missing\">invalid: ").Append(Encode(string.Join(", ", overview.Invalid))).Append("</p>\n");
        }

        var byId = overview.Assets.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var group in overview.Assets.GroupBy(a => a.Origin.SpecId))
        {
            var members = group.ToList();
            var sheet = members.FirstOrDefault(a => a.Origin.Role == AssetRole.ContactSheet);
            var role = sheet is not null ? "sweep" : members[0].Origin.Role == AssetRole.Variant ? "variants" : "asset";
            html.Append("<section id=\"").Append(Encode(group.Key)).Append("\"><h2>").Append(Encode(group.Key)).Append(" <span class=\"role\">").Append(role).Append("</span></h2>\n");
            if (sheet is not null)
            {
                AppendGrid(html, sheet, byId, reportDirectory);
                html.Append("<p>Contact sheet:</p>");
                AppendFigure(html, sheet, reportDirectory, "sheet", caption: false, parameters: false);
            }
            else
            {
                html.Append("<div class=\"row\">");
                foreach (var asset in members)
                {
                    AppendFigure(html, asset, reportDirectory, string.Empty, caption: true, parameters: members.Count > 1);
                }

                html.Append("</div>\n");
            }

            // One block for a single asset; variants and sweep cells each carry their own (the
            // first cell's values are not the sweep's).
            if (members.Count == 1 && members[0].Parameters is { } parameters)
            {
                html.Append("<pre>").Append(Encode(parameters)).Append("</pre>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("""
            <script>
            window.addEventListener('load', function () {
              var images = document.querySelectorAll('img');
              var loaded = 0;
              images.forEach(function (img) { if (img.complete && img.naturalWidth > 0) { loaded++; } else { img.classList.add('missing'); } });
              document.body.setAttribute('data-images-loaded', String(loaded));
              document.body.setAttribute('data-images-total', String(images.length));
              document.body.setAttribute('data-grids', String(document.querySelectorAll('table.sweep-grid').length));
            });
            </script>
            </body></html>
            """).Append('\n');
        return html.ToString();
    }

    private static void AppendGrid(StringBuilder html, AssetOverview sheet, Dictionary<string, AssetOverview> byId, string reportDirectory)
    {
        var layout = sheet.Sheet!;
        var columns = Math.Max(1, layout.ColumnLabels.Count);
        html.Append("<table class=\"sweep-grid\"><tr><th>").Append(Encode(layout.RowAxis)).Append(" \\ ").Append(Encode(layout.ColumnAxis)).Append("</th>");
        foreach (var label in layout.ColumnLabels)
        {
            html.Append("<th>").Append(Encode(label)).Append("</th>");
        }

        html.Append("</tr>\n");
        for (var r = 0; r * columns < layout.CellIds.Count; r++)
        {
            html.Append("<tr><th>").Append(r < layout.RowLabels.Count ? Encode(layout.RowLabels[r]) : string.Empty).Append("</th>");
            for (var c = 0; c < columns && (r * columns) + c < layout.CellIds.Count; c++)
            {
                html.Append("<td>");
                if (byId.TryGetValue(layout.CellIds[(r * columns) + c], out var cell))
                {
                    AppendFigure(html, cell, reportDirectory, string.Empty, caption: false, parameters: true);
                }

                html.Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendFigure(StringBuilder html, AssetOverview asset, string reportDirectory, string cssClass, bool caption, bool parameters)
    {
        var state = asset.State switch
        {
            AssetState.Current => string.Empty,
            AssetState.Missing => "missing",
            _ => "stale",
        };
        html.Append("<figure title=\"").Append(Encode(asset.Id)).Append("\">");
        if (asset.State == AssetState.Missing || !File.Exists(asset.OutputPath))
        {
            html.Append("<span class=\"badge missing\">missing: not built</span>");
        }
        else
        {
            var src = EscapePath(Path.GetRelativePath(reportDirectory, asset.OutputPath).Replace('\\', '/'));
            if (!IsImage(asset.OutputPath))
            {
                // A sprite sheet's map (JSON) and other non-image outputs: a link, never an <img> that shows as broken.
                html.Append("<a class=\"file\" href=\"").Append(src).Append("\">").Append(Encode(Path.GetFileName(asset.OutputPath))).Append("</a>");
            }
            else
            {
                var classes = string.Join(' ', new[] { cssClass, PixelClass(asset.OutputPath, cssClass), state }.Where(c => c.Length > 0));
                html.Append("<img src=\"").Append(src).Append("\" alt=\"").Append(Encode(asset.Id)).Append('"');
                if (classes.Length > 0)
                {
                    html.Append(" class=\"").Append(classes).Append('"');
                }

                html.Append('>');
            }
        }

        if (caption || state.Length > 0)
        {
            html.Append("<figcaption>");
            if (caption)
            {
                html.Append(Encode(string.Join(", ", asset.Origin.Coordinates.Select(c => $"{c.Key} {c.Value}"))));
            }

            if (state == "stale")
            {
                html.Append(" <span class=\"badge\">stale");
                if (asset.ChangedFields.Count > 0)
                {
                    html.Append(": ").Append(Encode(string.Join(", ", asset.ChangedFields)));
                }

                html.Append("</span>");
            }

            html.Append("</figcaption>");
        }

        if (parameters && asset.Parameters is { } text)
        {
            html.Append("<details><summary>parameters</summary><pre>").Append(Encode(text)).Append("</pre></details>");
        }

        html.Append("</figure>");
    }

    private static bool IsImage(string path) =>
        Path.GetExtension(path).ToUpperInvariant() is ".PNG" or ".JPG" or ".JPEG" or ".WEBP";

    // Enlarged pixel art stays crisp (nearest neighbour); an image shown smaller than it is keeps
    // the browser's smooth scaling, which pixelated would turn into aliasing.
    private static string PixelClass(string path, string cssClass)
    {
        if (cssClass == "sheet")
        {
            return string.Empty;
        }

        var width = ReadWidth(path);
        return width is > 0 and < ThumbnailWidth ? "pixel" : string.Empty;
    }

    private static long ReadWidth(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[64 * 1024];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return ImageHeader.Read(head.AsSpan(0, read)).Width;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static string EscapePath(string relative) =>
        string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
