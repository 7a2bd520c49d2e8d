namespace AssetForge.Schedulers.DpmSolverSde;

using AssetForge.Core.Randomness;

/// <summary>
/// torchsde's <c>BrownianInterval</c> as diffusers' dpmpp_sde configures it (no Lévy area,
/// <c>halfway_tree=True</c>, times rounded to <c>tol</c>): a Brownian motion on [t0, t1] whose
/// increment over any interval depends only on the entropy, not on the order of queries.
/// </summary>
/// <remarks>
/// <para>
/// The motion is a binary tree of intervals. The root's increment is
/// <c>randn(seed) * sqrt(t1 - t0)</c>, its seed the first word of
/// <c>SeedSequence(entropy, pool_size)</c>. A node splits at its rounded halfway point; the split
/// draws <c>randn(W_seed)</c>, W_seed the first word of
/// <c>SeedSequence(entropy, spawn_key=(key, depth), pool_size)</c> (root key 0, a child's key twice
/// its parent's plus 0 for left, 1 for right), and gives the children the Brownian bridge
/// <c>left = W * l / h + sqrt(l * r / h) * noise</c>, <c>right = W - left</c>, l and r the
/// halves' lengths and h the node's. A query [ta, tb] splits nodes (always at halfway points,
/// so the tree's shape is fixed) until it is a union of nodes, and sums their increments.
/// Every randn is <c>torch.randn(size)</c> from a fresh CPU generator seeded with the word.
/// </para>
/// <para>
/// torchsde keeps recent increments in a 45-entry cache; values never depend on it, because a
/// dropped increment is recomputed from the same seeds. This class keeps the same bounded cache
/// only to avoid recomputing the path from the root.
/// </para>
/// </remarks>
internal sealed class BrownianInterval
{
    private const int CacheSize = 45;

    private readonly ulong _entropy;
    private readonly int _poolSize;
    private readonly int _digits;
    private readonly int _size;
    private readonly Node _root;
    private readonly float[] _rootIncrement;
    private readonly Dictionary<Node, float[]> _cache = [];
    private readonly Queue<Node> _cacheOrder = new();
    private readonly List<Node> _located = [];

    public BrownianInterval(double t0, double t1, int size, ulong entropy, double tolerance, int poolSize)
    {
        if (!(t0 <= t1) || tolerance <= 0)
        {
            throw new ArgumentException("A Brownian interval needs t0 <= t1 and a positive tolerance.");
        }

        _entropy = entropy;
        _poolSize = poolSize;
        _digits = -(int)Math.Log10(tolerance);
        _size = size;
        _root = new Node(Round(t0), Round(t1), null, isLeft: false, spawnKey: 0, depth: 0);

        Span<uint> seeds = stackalloc uint[3];
        NumPySeedSequence.GenerateState(entropy, [], poolSize, seeds);
        _rootIncrement = Randn(seeds[0]);
        var scale = (float)Math.Sqrt(t1 - t0);
        for (var i = 0; i < size; i++)
        {
            _rootIncrement[i] *= scale;
        }
    }

    /// <summary>The increment W(tb) - W(ta), ta &lt;= tb, clamped to [t0, t1] as torchsde clamps.</summary>
    public void Increment(double ta, double tb, Span<float> destination)
    {
        if (destination.Length != _size)
        {
            throw new ArgumentException("The destination does not have the interval's size.", nameof(destination));
        }

        ta = Math.Min(Math.Max(ta, _root.Start), _root.End);
        tb = Math.Min(Math.Max(tb, _root.Start), _root.End);
        if (ta > tb)
        {
            throw new ArgumentException("A Brownian increment needs ta <= tb.");
        }

        if (ta == tb)
        {
            destination.Clear();
            return;
        }

        _located.Clear();
        Locate(_root, Round(ta), Round(tb));
        IncrementOf(_located[0]).CopyTo(destination);
        for (var i = 1; i < _located.Count; i++)
        {
            var next = IncrementOf(_located[i]);
            for (var j = 0; j < destination.Length; j++)
            {
                destination[j] += next[j];
            }
        }
    }

    private double Round(double x) => DecimalRounding.Round(x, _digits);

    private void Locate(Node node, double ta, double tb)
    {
        while (true)
        {
            // As torchsde: after splitting at ta the search continues in the right half, which
            // may not hold all of [ta, tb]; then it is the parent's (now split) problem.
            while (ta < node.Start || tb > node.End)
            {
                node = node.Parent!;
            }

            if (ta == node.Start && tb == node.End)
            {
                _located.Add(node);
                return;
            }

            if (node.Midway is not { } midway)
            {
                if (ta == node.Start)
                {
                    Split(node, tb);
                    node = node.Left!;
                }
                else
                {
                    Split(node, ta);
                    node = node.Right!;
                }

                continue;
            }

            if (tb <= midway)
            {
                node = node.Left!;
            }
            else if (ta >= midway)
            {
                node = node.Right!;
            }
            else
            {
                Locate(node.Left!, ta, midway);
                node = node.Right!;
                ta = midway;
            }
        }
    }

    // The halfway tree: split at the rounded midpoint, then keep splitting the half that holds
    // the requested point until a split lands on it.
    private void Split(Node node, double point)
    {
        Span<uint> seeds = stackalloc uint[4];
        while (true)
        {
            var midway = Round(0.5 * (node.End + node.Start));
            node.Midway = midway;
            NumPySeedSequence.GenerateState(_entropy, [node.SpawnKey, (ulong)node.Depth], _poolSize, seeds);
            node.WSeed = seeds[0];
            if (node.Depth >= 62)
            {
                throw new InvalidOperationException("The Brownian tree is deeper than its spawn keys can count.");
            }

            node.Left = new Node(node.Start, midway, node, isLeft: true, 2 * node.SpawnKey, node.Depth + 1);
            node.Right = new Node(midway, node.End, node, isLeft: false, (2 * node.SpawnKey) + 1, node.Depth + 1);
            if (point > midway)
            {
                node = node.Right;
            }
            else if (point < midway)
            {
                node = node.Left;
            }
            else
            {
                return;
            }
        }
    }

    private float[] IncrementOf(Node node)
    {
        if (node.Parent is not { } parent)
        {
            return _rootIncrement;
        }

        if (_cache.TryGetValue(node, out var cached))
        {
            return cached;
        }

        var w = IncrementOf(parent);
        var midway = parent.Midway!.Value;
        var reciprocal = 1 / (parent.End - parent.Start);
        var leftDiff = midway - parent.Start;
        var rightDiff = parent.End - midway;

        // torch: mean = left_diff * W * h_reciprocal; left = mean + sqrt(var) * noise, with the
        // Python floats rounded to float32 as torch does for a float32 tensor.
        var meanScale = (float)leftDiff;
        var meanReciprocal = (float)reciprocal;
        var deviation = (float)Math.Sqrt(leftDiff * rightDiff * reciprocal);
        var result = Randn(parent.WSeed);
        for (var i = 0; i < result.Length; i++)
        {
            var left = (w[i] * meanScale * meanReciprocal) + (deviation * result[i]);
            result[i] = node.IsLeft ? left : w[i] - left;
        }

        if (_cache.Count >= CacheSize)
        {
            _cache.Remove(_cacheOrder.Dequeue());
        }

        _cache[node] = result;
        _cacheOrder.Enqueue(node);
        return result;
    }

    private float[] Randn(uint seed)
    {
        var values = new float[_size];
        new TorchCpuNoiseSource(seed).NextStandardNormal(values);
        return values;
    }

    private sealed class Node(double start, double end, Node? parent, bool isLeft, ulong spawnKey, int depth)
    {
        public double Start { get; } = start;

        public double End { get; } = end;

        public Node? Parent { get; } = parent;

        public bool IsLeft { get; } = isLeft;

        public ulong SpawnKey { get; } = spawnKey;

        public int Depth { get; } = depth;

        public double? Midway { get; set; }

        public uint WSeed { get; set; }

        public Node? Left { get; set; }

        public Node? Right { get; set; }
    }
}
