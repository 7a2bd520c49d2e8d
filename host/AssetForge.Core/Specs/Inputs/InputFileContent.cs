namespace AssetForge.Core.Specs.Inputs;

/// <summary>What <see cref="RegularFile.Read"/> found: the bytes, or the problem and a message for the user.</summary>
/// <param name="Bytes">The file's bytes; empty unless <see cref="Problem"/> is <see cref="InputFileProblem.None"/>.</param>
/// <param name="Problem">Why the file was not read.</param>
/// <param name="Message">The reason in words (empty when read), e.g. "it is not a regular file (a pipe or a device)".</param>
/// <param name="Length">The file's size in bytes, when known (also when <see cref="InputFileProblem.TooLarge"/>).</param>
public sealed record InputFileContent(byte[] Bytes, InputFileProblem Problem, string Message, long Length);
