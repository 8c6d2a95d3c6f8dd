namespace Asd.Workflow.Core.Data;

/// <summary>
/// What a clip name may hold. Score tables and submission files are unquoted <c>name,value</c> rows (the
/// challenge's format), so a name with a comma, a quote or a line break cannot be written: the data-set reader
/// refuses such names, and the CSV writers check again for inventories remembered from before.
/// </summary>
public static class ClipNames
{
    public static readonly char[] CsvUnsafe = [',', '"', '\n', '\r'];

    public static bool IsCsvSafe(string name) => name.IndexOfAny(CsvUnsafe) < 0;
}
