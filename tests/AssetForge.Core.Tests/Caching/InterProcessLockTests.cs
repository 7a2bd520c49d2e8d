namespace AssetForge.Core.Tests.Caching;

using AssetForge.Core.Caching;

[TestFixture]
public sealed class InterProcessLockTests
{
    [Test]
    public void A_held_lock_cannot_be_taken_again()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("locks", "k.lock");
        using var held = InterProcessLock.TryAcquire(path);

        using var second = InterProcessLock.TryAcquire(path);

        Assert.That((held is not null, second is null), Is.EqualTo((true, true)));
    }

    [Test]
    public async Task A_waiter_gets_the_lock_once_it_is_released()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("k.lock");
        var held = InterProcessLock.TryAcquire(path)!;
        var waiting = InterProcessLock.AcquireAsync(path, CancellationToken.None);
        await Task.Delay(50);
        var waitedWhileHeld = !waiting.IsCompleted;

        held.Dispose();
        using var acquired = await waiting;

        Assert.That(waitedWhileHeld, Is.True);
    }

    [Test]
    public void A_waiter_stops_when_cancelled()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("k.lock");
        using var held = InterProcessLock.TryAcquire(path);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.That(async () => await InterProcessLock.AcquireAsync(path, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
