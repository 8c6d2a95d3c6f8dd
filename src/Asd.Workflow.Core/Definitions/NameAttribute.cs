namespace Asd.Workflow.Core.Definitions;

/// <summary>
/// Marks an option whose keys and/or values are names (stages, systems, folders): the loader checks each
/// against <see cref="Names"/> and reports a bad one with its file:line:column.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NameAttribute : Attribute
{
    /// <summary>The keys of a mapping option are names.</summary>
    public bool Keys { get; init; }

    /// <summary>The value (a string, each item of a list, or each value of a mapping) is a name; empty is allowed (none).</summary>
    public bool Values { get; init; }
}
