namespace AssetForge.Core.Hashing;

using System.Diagnostics.CodeAnalysis;

/// <summary>
/// The SHA-256 (lower-case hex) of the canonical encoding of everything that changes an action's
/// output bytes (<see cref="ActionKeyInputs"/>). Equal keys mean equal outputs, across machines
/// and processes: it never depends on <see cref="object.GetHashCode"/>, paths or time.
/// </summary>
public readonly record struct ActionKey
{
    private ActionKey(string hex) => Hex = hex;

    /// <summary>The key as 64 lower-case hex digits.</summary>
    public string Hex { get; }

    /// <summary>Hashes a canonical encoding into a key.</summary>
    public static ActionKey FromCanonical(string canonical) =>
        new(ContentHash.Of(CanonicalJson.ToUtf8(canonical)));

    /// <summary>Parses a key written by <see cref="ToString"/>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ActionKey? key)
    {
        key = ContentHash.IsValid(text) ? new ActionKey(text!) : null;
        return key is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Hex ?? string.Empty;
}
