namespace AssetForge.Core.Specs.Inputs;

using AssetForge.Core.NoOp;

/// <summary>
/// Reads a file a project names (spec, config, init image, <c>--specs-from</c> list) only when it
/// is a regular file no larger than a limit, so that a FIFO named <c>x.yaml</c> or
/// <c>init_image: /dev/urandom</c> is an error instead of a hang or an endless read.
/// </summary>
/// <remarks>
/// .NET exposes no file type on Unix, and opening a FIFO for reading blocks until a writer comes,
/// so the type is told from what stat and the open handle report: pipes, character and block
/// devices and <c>/proc</c> files have a size of 0, so an empty size is never opened (an empty
/// regular file reads as empty anyway), and an opened handle that cannot seek is refused.
/// </remarks>
public static class RegularFile
{
    private const string NotRegularMessage = "it is not a regular file (a pipe or a device)";

    /// <summary>Reads <paramref name="path"/> in full, or says why not.</summary>
    public static InputFileContent Read(string path, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputFileLog.NoteFile(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Problem(InputFileProblem.Unreadable, Directory.Exists(path) ? "it is a folder" : "it does not exist", 0);
            }

            if (info.Length == 0)
            {
                return new InputFileContent([], InputFileProblem.None, string.Empty, 0);
            }

            if (info.Length > maxBytes)
            {
                return Problem(InputFileProblem.TooLarge, $"it is {info.Length:N0} bytes, over the limit of {maxBytes:N0}", info.Length);
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (!stream.CanSeek)
            {
                return Problem(InputFileProblem.NotRegularFile, NotRegularMessage, 0);
            }

            var length = stream.Length;
            if (length > maxBytes)
            {
                return Problem(InputFileProblem.TooLarge, $"it is {length:N0} bytes, over the limit of {maxBytes:N0}", length);
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return new InputFileContent(bytes, InputFileProblem.None, string.Empty, length);
        }
        catch (EndOfStreamException)
        {
            return Problem(InputFileProblem.Unreadable, "it shrank while being read", 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem(InputFileProblem.Unreadable, e.Message, 0);
        }
    }

    private static InputFileContent Problem(InputFileProblem problem, string message, long length) => new([], problem, message, length);
}
