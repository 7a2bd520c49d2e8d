namespace AssetForge.Abstractions.Scheduling;

using AssetForge.Abstractions.Plugins;

/// <summary>
/// Optionally implemented by an <see cref="ISchedulerFactory"/> when two of a plugin's schedulers
/// compute exactly the same for some configurations, e.g. <c>dpmpp_2m</c> with
/// <c>use_karras_sigmas: true</c> and <c>dpmpp_2m_karras</c>: the host then keys an asset with the
/// identity returned here instead of the factory's <see cref="IPluginComponent.Id"/> and
/// <see cref="IPluginComponent.Version"/>, so the same pixels are generated and cached once
/// (contract 1.2; hosts before 1.2 key by the factory's own id).
/// </summary>
public interface ISchedulerKeyIdentity
{
    /// <summary>
    /// The identity for an asset whose configuration <see cref="ISchedulerFactory.Resolve"/>
    /// returned <paramref name="resolved"/>. Two factories may return the same identity only for
    /// resolved configurations that are equal and give the same pixels.
    /// </summary>
    SchedulerKeyIdentity KeyIdentity(SchedulerConfig resolved);
}
