namespace AssetForge.Onnx.Pipeline;

/// <summary>Turns a prompt into exactly <paramref name="length"/> token ids (start, tokens, end, padding).</summary>
internal delegate int[] PromptTokenizer(string text, int length);
