namespace Asd.Workflow.Core.Activities;

/// <summary>
/// One kind of work a stage can use. Modelled on Elsa's activity shape: a kind name, typed options, declared
/// ports, and one ExecuteAsync. Implementations are stateless; everything they need arrives in the context.
/// </summary>
public interface IActivity
{
    /// <summary>The name a workflow's <c>uses:</c> refers to.</summary>
    string Kind { get; }

    /// <summary>Bumped whenever the implementation's output for the same inputs may change; part of the cache key.</summary>
    int Version { get; }

    /// <summary>The record its <c>with:</c> options bind to (validated at load time).</summary>
    Type OptionsType { get; }

    /// <summary>Per (machine, section) shard, or once over the whole data set.</summary>
    ActivityScope Scope { get; }

    /// <summary>Whether the activity also receives the ground-truth artifacts (only evaluation may).</summary>
    bool ReadsGroundTruth => false;

    /// <summary>
    /// Whether its options or outputs refer to upstream stages by name (fusion weights, package folders); the
    /// names of its needs then join the cache key.
    /// </summary>
    bool UsesStageNames => false;

    /// <summary>How recompute compares its outputs under these options.</summary>
    Determinism DeterminismOf(object options) => Determinism.Exact;

    /// <summary>Facts of the environment that change results (e.g. ONNX Runtime version and provider); part of the cache key.</summary>
    IReadOnlyDictionary<string, string> EnvironmentFacts(object options) => new Dictionary<string, string>();

    /// <summary>
    /// The configuration the activity resolves from its options beyond the options themselves (for embed: the
    /// encoder's whole configuration, a registry model's entry and digest); part of the stage identity.
    /// </summary>
    System.Text.Json.Nodes.JsonObject Describe(object options) => [];

    /// <summary>Whether these options run on a GPU (e.g. <c>device: cuda</c>); a cluster job for the stage then asks for one.</summary>
    bool WantsGpu(object options) => false;

    /// <summary>Files <see cref="Describe"/> and <see cref="EnvironmentFacts"/> read (model registry, model files); the run stamp checks them.</summary>
    IReadOnlyList<string> DependencyFiles(object options) => [];

    /// <summary>Checks across options and upstream stages that the binder cannot see; returns problems.</summary>
    IEnumerable<string> Validate(object options, IReadOnlyList<string> needs) => [];

    /// <summary>
    /// The per-clip memo keys an execution of this shard looks up for its own results (each from
    /// <see cref="ActivityContext.MemoKey"/>, so from the stage identity), so that an executor running the shard
    /// elsewhere (a Slurm job, which cannot open the index) resolves them beforehand and hands the job its hits.
    /// Default: none (the activity keeps no memo). A key left out is only a miss there: the clip is computed
    /// again, the result is the same.
    /// </summary>
    IEnumerable<Hashing.Digest> MemoKeys(ActivityContext context) => [];

    Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);
}

public enum ActivityScope { PerShard, WholeSet }

/// <summary>Exact: byte equality. Tolerance: numeric tables may differ by at most <see cref="Determinism.Tolerance"/>.</summary>
public sealed record Determinism(bool IsExact, double Tolerance)
{
    public static readonly Determinism Exact = new(true, 0);

    public static Determinism Within(double tolerance) => new(false, tolerance);

    public override string ToString() => IsExact ? "exact" : $"tolerance {Tolerance:G3}";
}

/// <summary>Base class binding the typed options.</summary>
public abstract class Activity<TOptions> : IActivity where TOptions : class
{
    public abstract string Kind { get; }
    public abstract int Version { get; }
    public Type OptionsType => typeof(TOptions);
    public virtual ActivityScope Scope => ActivityScope.PerShard;
    public virtual bool ReadsGroundTruth => false;
    public virtual bool UsesStageNames => false;
    public virtual Determinism DeterminismOf(object options) => Determinism.Exact;

    public virtual IReadOnlyDictionary<string, string> EnvironmentFacts(object options) =>
        new Dictionary<string, string>();

    public virtual System.Text.Json.Nodes.JsonObject Describe(object options) => [];

    public virtual IReadOnlyList<string> DependencyFiles(object options) => [];

    public virtual bool WantsGpu(object options) => false;

    IEnumerable<string> IActivity.Validate(object options, IReadOnlyList<string> needs) =>
        Validate((TOptions)options, needs);

    protected virtual IEnumerable<string> Validate(TOptions options, IReadOnlyList<string> needs) => [];

    public virtual IEnumerable<Hashing.Digest> MemoKeys(ActivityContext context) => [];

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ExecuteAsync(context, (TOptions)context.Options, cancellationToken);

    protected abstract Task<ActivityResult> ExecuteAsync(ActivityContext context, TOptions options, CancellationToken cancellationToken);
}
