namespace Asd.Workflow.Core.Activities;

/// <summary>The activity kinds a workflow may use, by name.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, IActivity> _byKind = new(StringComparer.Ordinal);

    public ActivityRegistry(IEnumerable<IActivity> activities)
    {
        foreach (var activity in activities)
            if (!_byKind.TryAdd(activity.Kind, activity))
                throw new ArgumentException($"activity kind '{activity.Kind}' registered twice");
    }

    public IReadOnlyCollection<string> Kinds => _byKind.Keys.Order(StringComparer.Ordinal).ToList();

    public bool TryGet(string kind, out IActivity activity) => _byKind.TryGetValue(kind, out activity!);

    public IActivity Get(string kind) => _byKind.TryGetValue(kind, out var a)
        ? a
        : throw new KeyNotFoundException($"unknown activity '{kind}'");

    public ActivityRegistry With(params IActivity[] more) => new(_byKind.Values.Concat(more));
}
