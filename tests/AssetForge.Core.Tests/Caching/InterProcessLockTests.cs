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

    [Test]
    public void A_lock_file_on_a_read_only_folder_is_reported_as_unavailable_not_as_held()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("k.lock");
        InterProcessLock.TryAcquire(path)!.Dispose();
        using var readOnly = ReadOnlyFolder.Make(directory.Path);

        Assert.That(() => InterProcessLock.TryAcquire(path), Throws.InstanceOf<LockUnavailableException>());
    }

    [Test]
    public void A_lock_that_cannot_be_created_in_a_read_only_folder_is_reported_as_unavailable()
    {
        using var directory = new TemporaryDirectory();
        using var readOnly = ReadOnlyFolder.Make(directory.Path);

        Assert.That(() => InterProcessLock.TryAcquire(directory.Combine("locks", "k.lock")), Throws.InstanceOf<LockUnavailableException>());
    }

    [Test]
    public void A_waiter_on_a_read_only_folder_gives_up_at_once_instead_of_spinning()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("k.lock");
        InterProcessLock.TryAcquire(path)!.Dispose();
        using var readOnly = ReadOnlyFolder.Make(directory.Path);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.That(async () => await InterProcessLock.AcquireAsync(path, cancel.Token), Throws.InstanceOf<LockUnavailableException>());
    }

    [Test]
    public void A_bounded_wait_gives_up_on_a_lock_held_too_long_with_a_clear_error()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("k.lock");
        using var held = InterProcessLock.TryAcquire(path);

        var error = Assert.Throws<LockUnavailableException>(() => InterProcessLock.Acquire(path, TimeSpan.FromMilliseconds(200), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("held by another process"));
    }

    [Test]
    public void A_bounded_wait_stops_when_cancelled()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("k.lock");
        using var held = InterProcessLock.TryAcquire(path);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.That(() => InterProcessLock.Acquire(path, TimeSpan.FromMinutes(5), cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
