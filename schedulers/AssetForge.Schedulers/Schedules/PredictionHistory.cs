namespace AssetForge.Schedulers.Schedules;

/// <summary>
/// The last few model predictions of a multistep or singlestep solver (diffusers'
/// <c>model_outputs</c> list), newest last, in buffers that are reused: pushing a prediction
/// recycles the oldest one's buffer.
/// </summary>
internal sealed class PredictionHistory(int capacity)
{
    private float[][] _buffers = [];
    private int _length;

    /// <summary>How many predictions are held (at most the capacity).</summary>
    public int Count { get; private set; }

    /// <summary>Makes room for a new prediction of <paramref name="length"/> elements and returns its buffer to fill.</summary>
    public Span<float> Push(int length)
    {
        if (_length != length)
        {
            _buffers = new float[capacity][];
            for (var i = 0; i < capacity; i++)
            {
                _buffers[i] = new float[length];
            }

            _length = length;
            Count = 0;
        }

        var recycled = _buffers[0];
        for (var i = 0; i < capacity - 1; i++)
        {
            _buffers[i] = _buffers[i + 1];
        }

        _buffers[^1] = recycled;
        Count = Math.Min(Count + 1, capacity);
        return recycled;
    }

    /// <summary>The prediction <paramref name="stepsBack"/> pushes ago (0: the newest).</summary>
    public Span<float> FromNewest(int stepsBack)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepsBack, Count);
        return _buffers[capacity - 1 - stepsBack];
    }
}
