namespace AssetForge.Core.Caching.Remote;

/// <summary>Names for the shared cache's warnings (AF402x), from the registry, <see cref="DiagnosticCode"/>. None of them fails a build.</summary>
public static class RemoteCacheCodes
{
    /// <summary>The remote is down, too slow, or refused a request: it is not used for the rest of the build.</summary>
    public const string Unavailable = "AF4020";

    /// <summary>The remote sent something that is not what it was asked for (bad record, wrong hash or size).</summary>
    public const string CorruptDownload = "AF4021";

    /// <summary>The remote refused an upload: uploads stop for the rest of the build, downloads go on.</summary>
    public const string UploadRefused = "AF4022";

    /// <summary>The remote cache setting is not usable (bad URL, unset auth variable).</summary>
    public const string BadSetting = "AF4023";
}
